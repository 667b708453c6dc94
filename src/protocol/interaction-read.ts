import type { Body } from './body.js';
import type {
  CloseFrameDetail,
  Interaction,
  NetworkErrorDetail,
  RequestDetail,
  ResponseDetail,
  SecretFinding,
  SecretKind,
  WebSocketMessageDetail,
} from './interaction.js';

/*
 * Reads an interaction answer of a magneto-watch server (protocol.md §2.4) as the client
 * receives it: every field checked, so that what reaches a view has the promised types.
 * Anything else is undefined (the client reports `bad_response`).
 */

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}
function uint(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}
function strOrNull(v: unknown): v is string | null {
  return v === null || typeof v === 'string';
}

function headers(v: unknown): Record<string, string> | undefined {
  const o = obj(v);
  if (!o) return undefined;
  for (const k in o) if (typeof o[k] !== 'string') return undefined;
  return o as Record<string, string>;
}

function body(v: unknown): Body | undefined {
  const o = obj(v);
  if (!o || !uint(o.size_bytes) || typeof o.truncated !== 'boolean' || !strOrNull(o.content_type))
    return undefined;
  const common = { size_bytes: o.size_bytes, truncated: o.truncated, content_type: o.content_type };
  if (o.encoding === 'utf8' && typeof o.text === 'string')
    return { ...common, encoding: 'utf8', text: o.text };
  if (o.encoding === 'base64' && typeof o.data === 'string')
    return { ...common, encoding: 'base64', data: o.data };
  return undefined;
}

/** A body or null; undefined when malformed. */
function maybeBody(v: unknown): Body | null | undefined {
  return v === null ? null : body(v);
}

function request(v: unknown): RequestDetail | undefined {
  const o = obj(v);
  const h = headers(o?.headers);
  const b = maybeBody(o?.body);
  if (!o || typeof o.method !== 'string' || typeof o.url !== 'string' || !h || b === undefined)
    return undefined;
  return { method: o.method, url: o.url, headers: h, body: b };
}

function response(v: unknown): ResponseDetail | undefined {
  const o = obj(v);
  const h = headers(o?.headers);
  const b = maybeBody(o?.body);
  if (!o || !uint(o.status) || !h || b === undefined) return undefined;
  return { status: o.status, headers: h, body: b };
}

function networkError(v: unknown): NetworkErrorDetail | undefined {
  const o = obj(v);
  if (!o || typeof o.error_type !== 'string' || typeof o.message !== 'string') return undefined;
  const e: NetworkErrorDetail = { error_type: o.error_type, message: o.message };
  if (uint(o.timeout_ms)) e.timeout_ms = o.timeout_ms;
  if (uint(o.redirect_count)) e.redirect_count = o.redirect_count;
  return e;
}

const DIRECTIONS = new Set(['Sent', 'Received']);
const MSG_TYPES = new Set(['Text', 'Binary', 'Ping', 'Pong']);

function message(v: unknown): WebSocketMessageDetail | undefined {
  const o = obj(v);
  const b = body(o?.body);
  if (!o || !b || !DIRECTIONS.has(o.direction as string) || !uint(o.timestamp_ms)) return undefined;
  if (!MSG_TYPES.has(o.msg_type as string)) return undefined;
  return {
    direction: o.direction as WebSocketMessageDetail['direction'],
    timestamp_ms: o.timestamp_ms,
    msg_type: o.msg_type as WebSocketMessageDetail['msg_type'],
    body: b,
  };
}

function closeFrame(v: unknown): CloseFrameDetail | null | undefined {
  if (v === null) return null;
  const o = obj(v);
  return o && uint(o.code) && typeof o.reason === 'string' ? { code: o.code, reason: o.reason } : undefined;
}

function findings(v: unknown): SecretFinding[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: SecretFinding[] = [];
  for (const f of v) {
    const o = obj(f);
    if (!o || typeof o.where !== 'string' || typeof o.kind !== 'string' || typeof o.preview !== 'string')
      return undefined;
    // A kind this client does not know yet is still a secret: kept as the server named it.
    out.push({ where: o.where, kind: o.kind as SecretKind, preview: o.preview });
  }
  return out;
}

function all<T>(items: unknown, read: (v: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(items)) return undefined;
  const out: T[] = [];
  for (const item of items) {
    const r = read(item);
    if (r === undefined) return undefined;
    out.push(r);
  }
  return out;
}

/** The interaction answer `raw`, checked; undefined when it is not one. */
export function readInteractionAnswer(raw: unknown): Interaction | undefined {
  const o = obj(raw);
  if (!o || !uint(o.index) || !strOrNull(o.recorded_at) || typeof o.revealed !== 'boolean') return undefined;
  const time = o.response_time_ms;
  if (time !== null && !uint(time)) return undefined;
  const secrets = findings(o.secrets);
  if (!secrets) return undefined;
  const common = { index: o.index, recorded_at: o.recorded_at, response_time_ms: time };
  const tail = { secrets, revealed: o.revealed };
  switch (o.kind) {
    case 'Http': {
      const req = request(o.request);
      const res = response(o.response);
      return req && res ? { ...common, kind: 'Http', request: req, response: res, ...tail } : undefined;
    }
    case 'HttpError': {
      const req = request(o.request);
      const error = networkError(o.error);
      return req && error ? { ...common, kind: 'HttpError', request: req, error, ...tail } : undefined;
    }
    case 'WebSocket': {
      const messages = all(o.messages, message);
      const close = closeFrame(o.close_frame);
      if (typeof o.url !== 'string' || !messages || close === undefined) return undefined;
      return { ...common, kind: 'WebSocket', url: o.url, messages, close_frame: close, ...tail };
    }
    default:
      return undefined;
  }
}
