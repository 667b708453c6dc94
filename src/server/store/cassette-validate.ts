import { toUtcZ } from '../../protocol/index.js';

/**
 * Checks a decoded cassette against what the upstream reader (serde, magneto-serge
 * `src/cassette/mod.rs`) accepts. Returns a short human reason, or undefined when readable.
 * Unknown keys are fine (serde ignores them); `body`, `close_frame`, `response_time_ms`
 * and `cookies` may be absent.
 */
export function cassetteProblem(doc: unknown): string | undefined {
  if (!isObj(doc)) return 'not a JSON object';
  if (!('version' in doc)) return 'missing version';
  if (typeof doc.version !== 'string') return 'version must be a string';
  if (!('name' in doc)) return 'missing name';
  if (typeof doc.name !== 'string') return 'name must be a string';
  const at = timeProblem(doc.recorded_at, 'recorded_at');
  if (at) return at;
  if (doc.cookies !== undefined && doc.cookies !== null) {
    if (!Array.isArray(doc.cookies)) return 'cookies must be an array';
    for (const [i, c] of doc.cookies.entries()) {
      if (!isObj(c) || typeof c.name !== 'string' || typeof c.value !== 'string') {
        return `cookie ${i} must have a string name and value`;
      }
    }
  }
  if (!('interactions' in doc)) return 'missing interactions array';
  if (!Array.isArray(doc.interactions)) return 'interactions must be an array';
  for (const [i, it] of doc.interactions.entries()) {
    const p = interactionProblem(it);
    if (p) return `interaction ${i}: ${p}`;
  }
  return undefined;
}

const ERROR_TYPES = new Set([
  'DnsResolutionFailed',
  'ConnectionRefused',
  'Timeout',
  'TlsError',
  'ConnectionReset',
  'TooManyRedirects',
  'Other',
]);
const MSG_TYPES = new Set(['Text', 'Binary', 'Ping', 'Pong']);

function interactionProblem(it: unknown): string | undefined {
  if (!isObj(it)) return 'not an object';
  const at = timeProblem(it.recorded_at, 'recorded_at');
  if (at) return at;
  if (it.response_time_ms !== undefined && it.response_time_ms !== null && !isUint(it.response_time_ms)) {
    return 'response_time_ms must be a non-negative integer';
  }
  switch (it.type) {
    case 'Http':
      return requestProblem(it.request) ?? responseProblem(it.response);
    case 'HttpError':
      return requestProblem(it.request) ?? networkErrorProblem(it.error);
    case 'WebSocket':
      return webSocketProblem(it);
    case undefined:
      return 'missing type';
    default:
      return `unknown type ${JSON.stringify(it.type)}`;
  }
}

function requestProblem(r: unknown): string | undefined {
  if (!isObj(r)) return 'missing request';
  if (typeof r.method !== 'string') return 'request method must be a string';
  if (typeof r.url !== 'string') return 'request url must be a string';
  if (!isHeaders(r.headers)) return 'request headers must map names to strings';
  if (!isBody(r.body)) return 'request body must be a byte array';
  return undefined;
}

function responseProblem(r: unknown): string | undefined {
  if (!isObj(r)) return 'missing response';
  if (!isU16(r.status)) return 'response status must be an integer 0..65535';
  if (!isHeaders(r.headers)) return 'response headers must map names to strings';
  if (!isBody(r.body)) return 'response body must be a byte array';
  return undefined;
}

function networkErrorProblem(e: unknown): string | undefined {
  if (!isObj(e)) return 'missing error';
  if (typeof e.error_type !== 'string' || !ERROR_TYPES.has(e.error_type)) return 'unknown error_type';
  if (typeof e.message !== 'string') return 'error message must be a string';
  if (e.error_type === 'Timeout' && !isUint(e.timeout_ms)) return 'Timeout needs timeout_ms';
  if (e.error_type === 'TooManyRedirects' && !isUint(e.redirect_count))
    return 'TooManyRedirects needs redirect_count';
  return undefined;
}

function webSocketProblem(it: Record<string, unknown>): string | undefined {
  if (typeof it.url !== 'string') return 'url must be a string';
  if (!Array.isArray(it.messages)) return 'messages must be an array';
  for (const [j, m] of it.messages.entries()) {
    if (!isObj(m)) return `message ${j} is not an object`;
    if (m.direction !== 'Sent' && m.direction !== 'Received')
      return `message ${j}: direction must be Sent or Received`;
    if (!isUint(m.timestamp_ms)) return `message ${j}: timestamp_ms must be a non-negative integer`;
    if (typeof m.msg_type !== 'string' || !MSG_TYPES.has(m.msg_type)) return `message ${j}: unknown msg_type`;
    if (m.msg_type === 'Text' ? typeof m.data !== 'string' : !isBytes(m.data)) {
      return `message ${j}: ${m.msg_type === 'Text' ? 'Text data must be a string' : 'data must be a byte array'}`;
    }
  }
  const cf = it.close_frame;
  if (cf !== undefined && cf !== null) {
    if (!isObj(cf) || !isU16(cf.code) || typeof cf.reason !== 'string')
      return 'close_frame must be {code, reason}';
  }
  return undefined;
}

function timeProblem(v: unknown, key: string): string | undefined {
  if (v === undefined) return `missing ${key}`;
  return toUtcZ(v) === null ? `invalid ${key} (RFC 3339 expected)` : undefined;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isUint(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
function isU16(v: unknown): boolean {
  return isUint(v) && (v as number) <= 0xffff;
}
function isHeaders(v: unknown): boolean {
  if (!isObj(v)) return false;
  for (const k in v) if (typeof v[k] !== 'string') return false;
  return true;
}
function isBytes(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (const b of v) if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) return false;
  return true;
}
function isBody(v: unknown): boolean {
  return v === undefined || v === null || isBytes(v);
}
