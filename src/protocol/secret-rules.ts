import type { SecretKind } from './interaction.js';
import type { FieldRule } from './interaction-walk.js';

/**
 * Where credentials hide in recorded traffic, as rules over one string (protocol.md §2.5).
 *
 * Bodies are hostile input of up to 16 MiB, so every pattern is built to cost one pass:
 * - every repetition is bounded (irregexp keeps one backtrack entry per repeated character:
 *   an unbounded run over megabytes exhausts its stack and throws);
 * - the one pattern that must backtrack over a run to find what follows it (a JWT's first
 *   dot) is only tried where such a run starts (the look-behind after its literal `eyJ`, a
 *   place that keeps irregexp's fast scan for the literal), so `eyJeyJeyJ…` is not quadratic.
 */

/** A secret inside one string: `value.slice(start, end)`. */
export interface SecretSpan {
  kind: SecretKind;
  start: number;
  end: number;
}

/** Well-known token formats, recognised in any string. Only non-capturing groups inside. */
const TOKEN_FORMATS: ReadonlyArray<readonly [SecretKind, string]> = [
  [
    'private_key',
    // A whole PEM block, or, when its end is not there (a cut body), what can follow its start.
    // The search for the end stops at the next BEGIN, so that BEGIN lines without an end are
    // not each searched 16 KiB ahead.
    String.raw`-----BEGIN (?:[A-Z0-9]{1,16} ){0,4}PRIVATE KEY-----(?:(?:(?!-----BEGIN )[\s\S]){0,16384}?-----END (?:[A-Z0-9]{1,16} ){0,4}PRIVATE KEY-----|[A-Za-z0-9+/=\s\\]{0,16384})`,
  ],
  // Header and payload are base64url JSON objects (`{"` is `eyJ`); the signature may be cut off.
  [
    'jwt',
    String.raw`eyJ(?<=(?:^|[^A-Za-z0-9_-])eyJ)[A-Za-z0-9_-]{5,8192}\.eyJ[A-Za-z0-9_-]{0,8192}(?:\.[A-Za-z0-9_-]{0,8192})?`,
  ],
  ['github_token', String.raw`(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})`],
  ['aws_access_key', String.raw`(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])`],
  ['slack_token', String.raw`xox[baprs]-[A-Za-z0-9-]{10,255}`],
  ['stripe_live_key', String.raw`[rs]k_live_[A-Za-z0-9]{16,255}`],
];

/** Kinds that name a token format; they win over a structural kind when spans overlap. */
const FORMAT_KINDS: ReadonlySet<SecretKind> = new Set(TOKEN_FORMATS.map(([kind]) => kind));

/** One pass finds every format: group n+1 matched ⇔ format n. */
const TOKENS = new RegExp(TOKEN_FORMATS.map(([, source]) => `(${source})`).join('|'), 'g');

/*
 * Credential parameters and JSON fields: case-insensitive names, so not in the expression of
 * the case-sensitive token formats. In a body both are looked for in one pass, which costs a
 * third of two passes (BENCHMARKS.md, secret scan).
 */

/** Query and form parameters that carry credentials (`?access_token=…`, `password=…&`). */
const PARAM_SOURCE = String.raw`(?:^|[?&;])(?:access_token|refresh_token|id_token|token|api_key|apikey|api-key|key|secret|client_secret|password|passwd|pass|pwd|sig|signature|auth|session|sessionid|private_token|x-amz-signature|x-amz-credential|x-amz-security-token)=([^&#;\s"'<>]{1,4096})`;

/** JSON string fields that carry credentials (`"password": "…"`); generic names like `key` are left out. */
const JSON_FIELD_SOURCE = String.raw`"(?:access_token|refresh_token|id_token|token|api_key|apikey|client_secret|secret|password|passwd|private_key)"\s{0,64}:\s{0,64}"((?:[^"\\]|\\.){1,4096})"`;

/** In URLs and other text: a parameter's value is group 1, at the end of the match. */
const PARAMS = new RegExp(PARAM_SOURCE, 'gi');
/** In bodies: a parameter's value is group 1 (at the end), a JSON field's group 2 (before its closing quote). */
const BODY_VALUES = new RegExp(`${PARAM_SOURCE}|${JSON_FIELD_SOURCE}`, 'gi');

/** `scheme://user:password@` or `scheme://token@`. */
const USERINFO = /^[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/([^/?#@\s]{1,1024})@/;

/** Header names whose whole value is a credential, besides the Authorization and Cookie family. */
const API_KEY_HEADER =
  /^(?:x-)?(?:api[-_]?key|auth[-_]?token|access[-_]?token|private[-_]?token|session[-_]?token|secret|client[-_]?secret|password)$|[-_](?:api[-_]?key|token|secret|password)$/i;

/** `Bearer `, `Basic `, `token `…: the scheme of an Authorization value is not the secret. */
const AUTH_SCHEME = /^\s{0,16}[A-Za-z][A-Za-z0-9._~+/-]{0,63}\s{1,16}(?=\S)/;

/** No token format is shorter: shorter strings are not searched for one. */
const MIN_TOKEN_LENGTH = 12;
/** No parameter or field is shorter (`key=x`). */
const MIN_VALUE_LENGTH = 5;

function tokenSpans(value: string, out: SecretSpan[]): void {
  if (value.length < MIN_TOKEN_LENGTH) return;
  TOKENS.lastIndex = 0;
  for (let m = TOKENS.exec(value); m !== null; m = TOKENS.exec(value)) {
    let group = 1;
    while (m[group] === undefined) group++;
    out.push({ kind: TOKEN_FORMATS[group - 1]?.[0] ?? 'jwt', start: m.index, end: m.index + m[0].length });
  }
}

/**
 * The credential values of `value` (a match of {@link PARAMS} or {@link BODY_VALUES}), named
 * `kind`. A `=` or a `"` is in every match: a string with neither is not searched.
 */
function valueSpans(re: RegExp, kind: SecretKind, value: string, out: SecretSpan[]): void {
  if (value.length < MIN_VALUE_LENGTH || (!value.includes('=') && !value.includes('"'))) return;
  re.lastIndex = 0;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    const param = m[1] !== undefined;
    const end = m.index + m[0].length - (param ? 0 : 1);
    out.push({ kind, start: end - (m[param ? 1 : 2] ?? '').length, end });
  }
}

/** The token format `value` holds, if any (a cookie value that is a JWT is a `jwt`). */
export function formatIn(value: string): SecretKind | undefined {
  const spans: SecretSpan[] = [];
  tokenSpans(value, spans);
  return spans[0]?.kind;
}

function userinfoSpan(value: string, out: SecretSpan[]): void {
  if (!value.includes('@')) return;
  const userinfo = USERINFO.exec(value);
  if (userinfo?.[1] === undefined) return;
  const end = userinfo[0].length - 1;
  const colon = userinfo[1].indexOf(':');
  const start = end - userinfo[1].length + (colon === -1 ? 0 : colon + 1);
  if (end > start) out.push({ kind: 'url_userinfo', start, end });
}

function trimmedEnd(value: string): number {
  let end = value.length;
  while (end > 0 && /\s/.test(value[end - 1] ?? '')) end--;
  return end;
}

/** What a header's name says of its value. */
type HeaderClass = 'authorization' | 'cookie' | 'set-cookie' | 'api-key' | 'other';

/**
 * Header names seen, classified: recordings repeat a few names thousands of times, and
 * classifying one costs a lower-casing and a regular expression. Bounded, for files with
 * endless distinct names.
 */
const HEADER_CLASSES = new Map<string, HeaderClass>();
const MAX_HEADER_CLASSES = 1024;

function headerClass(name: string): HeaderClass {
  let c = HEADER_CLASSES.get(name);
  if (c !== undefined) return c;
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') c = 'authorization';
  else if (lower === 'cookie') c = 'cookie';
  else if (lower === 'set-cookie') c = 'set-cookie';
  else c = API_KEY_HEADER.test(name) ? 'api-key' : 'other';
  if (HEADER_CLASSES.size >= MAX_HEADER_CLASSES) HEADER_CLASSES.clear();
  HEADER_CLASSES.set(name, c);
  return c;
}

function headerSpans(name: string, value: string, out: SecretSpan[]): void {
  const c = headerClass(name);
  if (c === 'other') return;
  const end = trimmedEnd(value);
  if (end === 0) return;
  if (c === 'authorization') {
    const scheme = AUTH_SCHEME.exec(value);
    out.push({ kind: 'authorization_header', start: scheme ? scheme[0].length : 0, end });
  } else if (c === 'cookie') {
    out.push({ kind: 'cookie_header', start: 0, end });
  } else if (c === 'set-cookie') {
    // Only the cookie's value: its name and attributes (Path, HttpOnly…) are worth seeing.
    const eq = value.indexOf('=');
    const semi = value.indexOf(';');
    const stop = semi === -1 ? end : semi;
    const start = eq === -1 || eq > stop ? 0 : eq + 1;
    if (stop > start) out.push({ kind: 'set_cookie_header', start, end: stop });
  } else {
    out.push({ kind: 'api_key_header', start: 0, end });
  }
}

/**
 * Overlapping spans become one, named by the token format when one of them is a format
 * (a JWT in an Authorization header is a `jwt`), so that one secret is one finding.
 */
function merge(spans: SecretSpan[]): SecretSpan[] {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SecretSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last === undefined || s.start >= last.end) {
      out.push({ ...s });
      continue;
    }
    last.end = Math.max(last.end, s.end);
    if (!FORMAT_KINDS.has(last.kind) && FORMAT_KINDS.has(s.kind)) last.kind = s.kind;
  }
  return out;
}

/** How a string is read: a URL, a header value, any other text field, or a body. */
export type SpanRule = FieldRule | { readonly field: 'body' };

/** The secrets in one string, in order, none overlapping; `name` is a header's name. */
export function secretSpans(value: string, rule: SpanRule, name = ''): SecretSpan[] {
  const out: SecretSpan[] = [];
  switch (rule.field) {
    case 'header':
      headerSpans(name, value, out);
      break;
    case 'url':
      userinfoSpan(value, out);
      valueSpans(PARAMS, 'url_credential', value, out);
      break;
    case 'text':
      valueSpans(PARAMS, 'url_credential', value, out);
      break;
    case 'body':
      valueSpans(BODY_VALUES, 'credential_field', value, out);
      break;
  }
  tokenSpans(value, out);
  return merge(out);
}
