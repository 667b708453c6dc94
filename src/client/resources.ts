import {
  normalizeSummary,
  type CassetteDetails,
  type CassetteSummary,
  type InteractionSummary,
} from '../protocol/index.js';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** True for our details, which carry the per-kind counts themselves (upstream's need its stats). */
export function hasKindCounts(raw: unknown): boolean {
  return isObj(raw) && num(raw.http_count) !== null;
}

/**
 * Reads `GET /api/cassettes/:name` (ours, or upstream's camelCase CassetteResource) or
 * upstream REST metadata, merged with upstream `/cassettes/:name/stats` when given.
 * Counts a server does not report are null: unknown, never a made-up 0 (protocol.md §4.5).
 */
export function readDetails(raw: unknown, stats?: unknown): CassetteDetails | undefined {
  const summary: CassetteSummary | undefined = normalizeSummary(raw);
  if (!summary || !isObj(raw)) return undefined;
  const s = isObj(stats) ? stats : {};
  return {
    ...summary,
    version: str(raw.version),
    cookies_count: num(raw.cookies_count),
    http_count: num(raw.http_count) ?? num(s.http_count),
    http_error_count: num(raw.http_error_count) ?? num(s.http_error_count),
    websocket_count: num(raw.websocket_count) ?? num(s.websocket_count),
  };
}

/**
 * Reads one interaction line: ours (`{index,kind,method,url,status,…}`) or upstream's
 * InteractionResource (`{kind:"Http",request,response}` / `{kind:"WebSocket",url,messages}`).
 */
export function readInteraction(raw: unknown, index: number): InteractionSummary | undefined {
  if (!isObj(raw)) return undefined;
  const kind = raw.kind;
  if (kind !== 'Http' && kind !== 'HttpError' && kind !== 'WebSocket') return undefined;
  const request = isObj(raw.request) ? raw.request : undefined;
  const response = isObj(raw.response) ? raw.response : undefined;
  const url = str(raw.url) ?? (request ? str(request.url) : null);
  if (url === null) return undefined;
  const line: InteractionSummary = {
    index: num(raw.index) ?? index,
    kind,
    method: str(raw.method) ?? (request ? str(request.method) : null),
    url,
    status: num(raw.status) ?? (response ? num(response.status) : null),
    error: str(raw.error),
    response_time_ms: num(raw.response_time_ms) ?? num(raw.responseTimeMs),
  };
  const count = num(raw.messages_count) ?? (Array.isArray(raw.messages) ? raw.messages.length : null);
  if (count !== null) line.messages_count = count;
  if (kind === 'WebSocket') line.close_code = num(raw.close_code);
  const secrets = num(raw.secrets_count);
  if (secrets !== null) line.secrets_count = secrets;
  return line;
}
