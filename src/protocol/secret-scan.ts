import type { DecodedBody } from './body.js';
import type { InteractionOf, SecretFinding, SecretKind } from './interaction.js';
import type { InteractionSummary } from './summary.js';
import { visitInteraction } from './interaction-walk.js';
import { formatIn, secretSpans, type SecretSpan } from './secret-rules.js';

/** A finding with the secret itself; only masked forms ({@link SecretFinding}) leave the protocol. */
export interface Secret {
  where: string;
  kind: SecretKind;
  /** The secret as found. */
  value: string;
  /** Its place in the field `where`. */
  start: number;
  end: number;
}

/** Secrets shorter than this are masked only where found, never searched for elsewhere. */
const ECHO_MIN_LENGTH = 8;
/**
 * Distinct secrets searched for elsewhere in an interaction: each search reads every field,
 * so a hostile body with a million distinct tokens must not cost a million passes. Tokens of
 * a known format are found (and masked) wherever they are anyway.
 */
const MAX_ECHOES = 256;
/** Characters of a secret a mask shows at each end; only for secrets of at least {@link SHOWN_FROM}. */
const SHOWN = 2;
const SHOWN_FROM = 16;
export const REDACTED = '[REDACTED]';
const BODY_RULE = { field: 'body' } as const;
const URL_RULE = { field: 'url' } as const;
const TEXT_RULE = { field: 'text' } as const;

function push(out: Secret[], where: string, value: string, spans: readonly SecretSpan[]): void {
  for (const s of spans)
    out.push({ where, kind: s.kind, value: value.slice(s.start, s.end), start: s.start, end: s.end });
}

/** Every secret of a decoded interaction (its text bodies as decoded, possibly a prefix), in walk order. */
export function findSecrets(i: InteractionOf<DecodedBody>): Secret[] {
  const out: Secret[] = [];
  visitInteraction(i, {
    field(where, value, rule, name) {
      push(out, where, value, secretSpans(value, rule, name));
      return undefined;
    },
    body(where, body) {
      if ('text' in body) push(out, where, body.text, secretSpans(body.text, BODY_RULE));
      return undefined;
    },
  });
  return out;
}

/**
 * Secrets in a cassette's `cookies` array (protocol.md §2.5): every non-empty cookie value
 * is one (`cookie`, or the token format it holds), at `cookies.<i>.value`.
 */
export function findCookieSecrets(cookies: unknown): Secret[] {
  const out: Secret[] = [];
  if (!Array.isArray(cookies)) return out;
  cookies.forEach((c: unknown, n) => {
    const value = typeof c === 'object' && c !== null ? (c as { value?: unknown }).value : undefined;
    if (typeof value !== 'string' || value.trim() === '') return;
    // The whole value is the secret; a token format inside it names its kind.
    const kind = formatIn(value) ?? 'cookie';
    push(out, `cookies.${n}.value`, value, [{ kind, start: 0, end: value.length }]);
  });
  return out;
}

/**
 * A secret as it may be shown: its first and last two characters around `[REDACTED]` when it
 * is at least 16 characters long (at most 4 characters, a quarter of it at most), else
 * `[REDACTED]` alone. Never splits a surrogate pair.
 */
export function maskSecret(value: string): string {
  if (value.length < SHOWN_FROM) return REDACTED;
  let head = value.slice(0, SHOWN);
  let tail = value.slice(-SHOWN);
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  if (/^[\udc00-\udfff]/.test(tail)) tail = tail.slice(1);
  return `${head}…${REDACTED}…${tail}`;
}

/** The findings as the answer lists them (protocol.md §2.5). */
export function publicFindings(secrets: readonly Secret[]): SecretFinding[] {
  return secrets.map((s) => ({ where: s.where, kind: s.kind, preview: maskSecret(s.value) }));
}

/** Replaces `spans` (sorted, possibly overlapping) of `value` with their masks. */
function maskSpans(value: string, spans: Array<{ start: number; end: number }>): string {
  if (spans.length === 0) return value;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  let open: { start: number; end: number } | undefined;
  const close = (): void => {
    if (!open) return;
    out += value.slice(at, open.start) + maskSecret(value.slice(open.start, open.end));
    at = open.end;
    open = undefined;
  };
  for (const s of spans) {
    if (open && s.start < open.end) open.end = Math.max(open.end, s.end);
    else {
      close();
      open = { start: s.start, end: s.end };
    }
  }
  close();
  return out + value.slice(at);
}

/**
 * The interaction lines of `/interactions` (protocol.md §2.1, §2.5): their URL and error text
 * with the secrets found in them masked, so that a list never shows one whole either.
 * Idempotent: a masked line masks to itself.
 */
export function maskSummaryLine(line: InteractionSummary): InteractionSummary {
  const url = maskSpans(line.url, secretSpans(line.url, URL_RULE));
  const error = line.error === null ? null : maskSpans(line.error, secretSpans(line.error, TEXT_RULE));
  return url === line.url && error === line.error ? line : { ...line, url, error };
}

/**
 * Masks every secret of an interaction the caller owns, in place (protocol.md §2.5): where
 * it was found, and, for secrets of 8 characters or more, wherever else it appears (a token
 * echoed in a body).
 */
export function maskSecrets(i: InteractionOf<DecodedBody>, secrets: readonly Secret[]): void {
  if (secrets.length === 0) return;
  const byWhere = new Map<string, Secret[]>();
  const echoes = new Set<string>();
  for (const s of secrets) {
    const list = byWhere.get(s.where);
    if (list) list.push(s);
    else byWhere.set(s.where, [s]);
    if (s.value.length >= ECHO_MIN_LENGTH && echoes.size < MAX_ECHOES) echoes.add(s.value);
  }
  const mask = (where: string, value: string): string => {
    const spans: Array<{ start: number; end: number }> = (byWhere.get(where) ?? []).map((s) => ({
      start: s.start,
      end: s.end,
    }));
    for (const echo of echoes) {
      for (let at = value.indexOf(echo); at !== -1; at = value.indexOf(echo, at + echo.length))
        spans.push({ start: at, end: at + echo.length });
    }
    return maskSpans(value, spans);
  };
  visitInteraction(i, {
    field: (where, value) => mask(where, value),
    body: (where, body) => ('text' in body ? { ...body, text: mask(where, body.text) } : undefined),
  });
}
