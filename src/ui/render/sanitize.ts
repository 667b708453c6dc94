import type { CassetteDetails, CassetteSummary, InteractionSummary } from '../../protocol/index.js';

/*
 * Terminal escape sequences, in the order they must be removed (ECMA-48):
 * - CSI: ESC [ (or C1 0x9b) params/intermediates, one final byte 0x40–0x7e
 * - OSC, DCS, SOS, PM, APC: ESC ] P X ^ _ (or C1 0x9d 0x90 0x98 0x9e 0x9f) … up to BEL or ST (ESC \ or 0x9c), or the end
 * - any other two-byte ESC sequence (ESC + one byte 0x20–0x7e), then a lone ESC
 */
const CSI = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?/g;
const STRING_SEQ = /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)/g;
const ESC_PAIR = /\u001b[\u0020-\u007e]?/g;
const LINE_BREAKS = /[\r\n\t\v\f\u0085\u2028\u2029]+/g;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/** Bidi embeddings, overrides and isolates: they reorder what follows on the line. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes a server-provided string inert for the terminal: removes escape sequences
 * (CSI, OSC, DCS, SOS, PM, APC, lone ESC), turns line breaks and tabs into one space,
 * and strips the remaining C0/C1 control characters and bidi overrides.
 */
export function sanitize(text: string): string {
  return text
    .replace(STRING_SEQ, '')
    .replace(CSI, '')
    .replace(ESC_PAIR, '')
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI, '');
}

function clean(v: string | null): string | null {
  return v === null ? null : sanitize(v);
}

/**
 * `s` with every string sanitised (the name too: it is only for display): `s` itself when
 * nothing needed it, which is nearly always, so a view costs no copy.
 */
export function sanitizeSummary(s: CassetteSummary): CassetteSummary {
  const name = sanitize(s.name);
  const description = clean(s.description);
  const recorded_at = clean(s.recorded_at);
  const error = s.error === undefined ? undefined : sanitize(s.error);
  if (
    name === s.name &&
    description === s.description &&
    recorded_at === s.recorded_at &&
    error === s.error
  ) {
    return s;
  }
  const out: CassetteSummary = { ...s, name, description, recorded_at };
  if (error !== undefined) out.error = error;
  return out;
}

export function sanitizeDetails(d: CassetteDetails): CassetteDetails {
  return { ...d, ...sanitizeSummary(d), version: clean(d.version) };
}

export function sanitizeInteraction(i: InteractionSummary): InteractionSummary {
  return { ...i, method: clean(i.method), url: sanitize(i.url), error: clean(i.error) };
}
