import {
  contentTypeOf,
  decodeText,
  unknownBytes,
  type BodyAllowance,
  type DecodedBody,
  type InteractionOf,
  type NetworkErrorDetail,
  type RequestDetail,
  type WebSocketMessageDetail,
} from '../protocol/index.js';

/*
 * Reads upstream magneto-serge v0.7's InteractionResource (`GET /api/cassettes/:name/
 * interactions/:id`, protocol.md §4.5) into the protocol's shape, so that the client finds
 * secrets, masks and cuts it exactly as our server would (protocol.md §2.4, §2.5):
 * - `kind` instead of `type`, camelCase message fields (`timestampMs`, `msgType`), HAL `_links`;
 * - bodies are strings, omitted when null *or* not UTF-8 (upstream cannot tell us which: both
 *   read as null); non-text WebSocket data is only its size, `"[4 bytes]"`;
 * - no `recorded_at`, `response_time_ms` or `close_frame`: null;
 * - an HttpError is shown as an Http 500 with no headers and the body
 *   `{"error":"<Rust Debug of the NetworkError>"}`: read back as the HttpError it was.
 */

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

function headersOf(v: unknown): Record<string, string> | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(o)) {
    if (typeof value !== 'string') return undefined;
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function bodyOf(v: unknown, headers: Record<string, string>, allowance: BodyAllowance): DecodedBody | null {
  return typeof v === 'string' ? decodeText(v, contentTypeOf(headers), allowance) : null;
}

function requestOf(v: unknown, allowance: BodyAllowance): RequestDetail<DecodedBody> | undefined {
  const o = obj(v);
  const headers = headersOf(o?.headers);
  if (!o || typeof o.method !== 'string' || typeof o.url !== 'string' || !headers) return undefined;
  return { method: o.method, url: o.url, headers, body: bodyOf(o.body, headers, allowance) };
}

/** `Timeout { message: "timed out", timeout_ms: 5000 }`: a NetworkError as Rust's `{:?}` prints it. */
const RUST_DEBUG =
  /^(DnsResolutionFailed|ConnectionRefused|Timeout|TlsError|ConnectionReset|TooManyRedirects|Other) \{ message: "((?:[^"\\]|\\.)*)"(?:, (timeout_ms|redirect_count): (\d{1,15}))? \}$/;

/** Undoes Rust's string escaping in `{:?}`: `\"`, `\\`, `\n`, `\r`, `\t`, `\0`, `\'`, `\u{…}`. */
function unescapeRust(s: string): string | undefined {
  let bad = false;
  const out = s.replace(/\\(u\{([0-9a-fA-F]{1,6})\}|.)/g, (_m, esc: string, hex: string | undefined) => {
    if (hex !== undefined) {
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) bad = true;
      return bad ? '' : String.fromCodePoint(cp);
    }
    const simple: Record<string, string> = {
      '"': '"',
      '\\': '\\',
      n: '\n',
      r: '\r',
      t: '\t',
      '0': '\0',
      "'": "'",
    };
    const c = simple[esc];
    if (c === undefined) bad = true;
    return c ?? '';
  });
  return bad ? undefined : out;
}

/** The NetworkError behind upstream's synthetic 500, or undefined when the response is a real one. */
function networkErrorOf(
  status: number,
  headers: Record<string, string>,
  body: unknown,
): NetworkErrorDetail | undefined {
  if (status !== 500 || Object.keys(headers).length > 0 || typeof body !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const o = obj(parsed);
  if (!o || Object.keys(o).length !== 1 || typeof o.error !== 'string') return undefined;
  const m = RUST_DEBUG.exec(o.error);
  const message = m?.[2] === undefined ? undefined : unescapeRust(m[2]);
  if (!m?.[1] || message === undefined) return undefined;
  const error: NetworkErrorDetail = { error_type: m[1], message };
  if (m[3] === 'timeout_ms') error.timeout_ms = Number(m[4]);
  if (m[3] === 'redirect_count') error.redirect_count = Number(m[4]);
  // Timeout and TooManyRedirects always print their number; the others never do.
  const needs =
    m[1] === 'Timeout' ? 'timeout_ms' : m[1] === 'TooManyRedirects' ? 'redirect_count' : undefined;
  return m[3] === needs ? error : undefined;
}

const DIRECTIONS = new Set(['Sent', 'Received']);
const MSG_TYPES = new Set(['Text', 'Binary', 'Ping', 'Pong']);
/** How upstream shows the data of a non-text message. */
const SIZE_ONLY = /^\[(\d{1,15}) bytes\]$/;

function messageOf(v: unknown, allowance: BodyAllowance): WebSocketMessageDetail<DecodedBody> | undefined {
  const o = obj(v);
  if (!o || !DIRECTIONS.has(o.direction as string) || !MSG_TYPES.has(o.msgType as string)) return undefined;
  if (!Number.isSafeInteger(o.timestampMs) || (o.timestampMs as number) < 0 || typeof o.data !== 'string')
    return undefined;
  const size = o.msgType === 'Text' ? null : SIZE_ONLY.exec(o.data);
  return {
    direction: o.direction as WebSocketMessageDetail['direction'],
    timestamp_ms: o.timestampMs as number,
    msg_type: o.msgType as WebSocketMessageDetail['msg_type'],
    body: size ? unknownBytes(Number(size[1])) : decodeText(o.data, null, allowance),
  };
}

/**
 * Upstream's InteractionResource `raw` for interaction `index`, decoded as `allowance` allows;
 * undefined when it is not one.
 */
export function readUpstreamInteraction(
  raw: unknown,
  index: number,
  allowance: BodyAllowance,
): InteractionOf<DecodedBody> | undefined {
  const o = obj(raw);
  const times = { recorded_at: null, response_time_ms: null };
  if (o?.kind === 'WebSocket') {
    if (typeof o.url !== 'string' || !Array.isArray(o.messages)) return undefined;
    const messages: WebSocketMessageDetail<DecodedBody>[] = [];
    for (const m of o.messages) {
      const message = messageOf(m, allowance);
      if (!message) return undefined;
      messages.push(message);
    }
    return { index, kind: 'WebSocket', ...times, url: o.url, messages, close_frame: null };
  }
  if (o?.kind !== 'Http') return undefined;
  const request = requestOf(o.request, allowance);
  const res = obj(o.response);
  const headers = headersOf(res?.headers);
  if (!request || !res || !headers || !Number.isSafeInteger(res.status)) return undefined;
  const status = res.status as number;
  const error = networkErrorOf(status, headers, res.body);
  if (error) return { index, kind: 'HttpError', ...times, request, error };
  const response = { status, headers, body: bodyOf(res.body, headers, allowance) };
  return { index, kind: 'Http', ...times, request, response };
}
