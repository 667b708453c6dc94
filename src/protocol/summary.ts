/** How a cassette is recorded or replayed; `auto` when a file has no `mode`. */
export type CassetteMode = 'auto' | 'record' | 'replay';
export const MODES: readonly CassetteMode[] = ['auto', 'record', 'replay'];

export function isMode(value: unknown): value is CassetteMode {
  return value === 'auto' || value === 'record' || value === 'replay';
}

/**
 * A cassette as listed and as carried by events (protocol.md §2). Always the four fields of
 * the original real-time plan; `recorded_at` and `interactions_count` are null for an unreadable file.
 */
export interface CassetteSummary {
  name: string;
  description: string | null;
  recorded_at: string | null;
  interactions_count: number | null;
  mode?: CassetteMode;
  size_bytes?: number;
  /**
   * Credentials found in the file (protocol.md §2.5): one per place, not per distinct value.
   * null for an unreadable file; absent from servers that do not scan (upstream).
   */
  secrets_count?: number | null;
  /** Present (true) when the scan stopped at its byte or time bound: the count is a lower bound. */
  secrets_partial?: true;
  error?: string;
}

/**
 * `GET /api/cassettes/:name`: the summary plus details. A count is null when the server
 * does not report it (upstream without `/cassettes/:name/stats`, protocol.md §4.5).
 */
export interface CassetteDetails extends CassetteSummary {
  version: string | null;
  cookies_count: number | null;
  http_count: number | null;
  http_error_count: number | null;
  websocket_count: number | null;
}

/** One line of `GET /api/cassettes/:name/interactions`. */
export interface InteractionSummary {
  index: number;
  kind: 'Http' | 'HttpError' | 'WebSocket';
  method: string | null;
  url: string;
  status: number | null;
  error: string | null;
  response_time_ms: number | null;
  messages_count?: number;
  /**
   * WebSocket only: the close frame's code, null when none was recorded or the server does
   * not say (upstream). Not 1000/1001 means the socket closed abnormally (a failure).
   */
  close_code?: number | null;
  /**
   * Credentials found in this interaction (protocol.md §2.5): one per place. Absent when the
   * server does not say (upstream: the client counts them from what it fetches).
   */
  secrets_count?: number;
}

/** Normalises an RFC 3339 timestamp with any offset to UTC with `Z`; null if invalid. */
export function toUtcZ(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(value);
  if (!m) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const frac = m[7] ?? '';
  const iso = new Date(ms).toISOString(); // always .mmmZ
  // Keep the written precision (0/3/6/9 digits) rather than forcing milliseconds.
  const base = iso.slice(0, 19);
  if (m[8] === 'Z' || m[8] === 'z' || m[8] === '+00:00' || m[8] === '-00:00') return `${base}${frac}Z`;
  return frac.length > 4 ? `${base}${frac}Z` : `${base}${frac ? iso.slice(19, 23) : ''}Z`;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
function nonNegative(v: unknown): number | null {
  return Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : null;
}

/**
 * Reads a cassette summary in any of the three spellings a server may use:
 * ours and the original plan's (`interactions_count`, `recorded_at`), upstream Hydra
 * (`interactionCount`, `recordedAt`, `sizeBytes`) and upstream REST
 * (`interaction_count`). Returns undefined when there is no usable name.
 */
export function normalizeSummary(raw: unknown): CassetteSummary | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const name = str(o.name);
  if (name === null || name.length === 0) return undefined;
  const recorded = o.recorded_at ?? o.recordedAt;
  const count = o.interactions_count ?? o.interactionCount ?? o.interaction_count;
  const size = o.size_bytes ?? o.sizeBytes;
  const summary: CassetteSummary = {
    name,
    description: str(o.description),
    recorded_at: recorded === null || recorded === undefined ? null : (toUtcZ(recorded) ?? null),
    interactions_count: num(count),
  };
  if (isMode(o.mode)) summary.mode = o.mode;
  const sizeN = num(size);
  if (sizeN !== null) summary.size_bytes = sizeN;
  if (o.secrets_count !== undefined) summary.secrets_count = nonNegative(o.secrets_count);
  if (o.secrets_partial === true) summary.secrets_partial = true;
  const error = str(o.error);
  if (error !== null) summary.error = error;
  return summary;
}

/**
 * True when two summaries say the same thing: every field equal (`mode` absent reads as
 * `auto`). Generic over the fields, so a field added to the summary is compared too.
 */
export function sameSummary(a: CassetteSummary, b: CassetteSummary): boolean {
  if ((a.mode ?? 'auto') !== (b.mode ?? 'auto')) return false;
  const ka = Object.keys(a).filter((k) => k !== 'mode');
  const kb = Object.keys(b).filter((k) => k !== 'mode');
  if (ka.length !== kb.length) return false;
  const bb = b as unknown as Record<string, unknown>;
  const aa = a as unknown as Record<string, unknown>;
  return ka.every((k) => aa[k] === bb[k]);
}
