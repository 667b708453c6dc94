import {
  isMode,
  toUtcZ,
  type CassetteDetails,
  type CassetteMode,
  type CassetteSummary,
} from '../../protocol/index.js';
import { cassetteProblem } from './cassette-validate.js';
import { countSecrets, type SecretScanLimits } from './cassette-secrets.js';

/** What the index keeps about one file's content (everything but its identity and size). */
export interface CassetteMeta {
  description: string | null;
  mode: CassetteMode;
  /** RFC 3339 UTC with `Z`; null when unreadable. */
  recorded_at: string | null;
  /** null when unreadable. */
  interactions_count: number | null;
  version: string | null;
  cookies_count: number;
  http_count: number;
  http_error_count: number;
  websocket_count: number;
  /** Secrets found (protocol.md §2.5); null when unreadable, undefined when not scanned (bench). */
  secrets_count: number | null | undefined;
  /** The scan stopped at a bound. */
  secrets_partial: boolean;
  /** `[index, count]` of the interactions with secrets, in order (the scan's `byInteraction`); empty when not scanned. */
  interaction_secrets: Array<[number, number]>;
  /** Why the upstream reader would refuse the file; absent when readable. */
  error?: string;
}

/** How to scan for secrets while indexing, or `false` not to (only the bench's baseline). */
export type SecretScan = SecretScanLimits | false;

export interface ParsedCassette {
  meta: CassetteMeta;
  /** The decoded document, only when readable. */
  doc?: Record<string, unknown>;
}

/** Parses and summarises one cassette file's text, scanning it for secrets as `scan` says. Never throws. */
export type ParseCassette = (text: string, scan?: SecretScan) => ParsedCassette;

export const parseCassette: ParseCassette = (text, scan = {}) => {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { meta: unreadableMeta(undefined, jsonErrorText(err, text)) };
  }
  const problem = cassetteProblem(doc);
  if (problem !== undefined) return { meta: unreadableMeta(doc, problem) };
  const readable = doc as Record<string, unknown>;
  return { meta: metaOf(readable, scan), doc: readable };
};

/** Metadata of a document that passed `cassetteProblem`, with its secrets counted unless `scan` is false. */
export function metaOf(doc: Record<string, unknown>, scan: SecretScan = {}): CassetteMeta {
  const interactions = doc.interactions as Array<{ type: string }>;
  let http = 0;
  let httpError = 0;
  let ws = 0;
  for (const it of interactions) {
    if (it.type === 'Http') http++;
    else if (it.type === 'HttpError') httpError++;
    else ws++;
  }
  const secrets = scan === false ? undefined : countSecrets(doc, scan);
  return {
    description: typeof doc.description === 'string' ? doc.description : null,
    mode: isMode(doc.mode) ? doc.mode : 'auto',
    recorded_at: toUtcZ(doc.recorded_at),
    interactions_count: interactions.length,
    version: typeof doc.version === 'string' ? doc.version : null,
    cookies_count: Array.isArray(doc.cookies) ? doc.cookies.length : 0,
    http_count: http,
    http_error_count: httpError,
    websocket_count: ws,
    secrets_count: secrets?.count,
    secrets_partial: secrets?.partial ?? false,
    interaction_secrets: secrets?.byInteraction ?? [],
  };
}

/** Metadata of a file the upstream reader would refuse; keeps what can be read from a JSON object. */
export function unreadableMeta(doc: unknown, error: string): CassetteMeta {
  const o =
    typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  return {
    description: typeof o.description === 'string' ? o.description : null,
    mode: isMode(o.mode) ? o.mode : 'auto',
    recorded_at: null,
    interactions_count: null,
    version: typeof o.version === 'string' ? o.version : null,
    cookies_count: 0,
    http_count: 0,
    http_error_count: 0,
    websocket_count: 0,
    secrets_count: null,
    secrets_partial: false,
    interaction_secrets: [],
    error,
  };
}

/** "invalid JSON at position N": V8 messages vary between versions, the position is what helps. */
function jsonErrorText(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : String(err);
  if (text.trim().length === 0) return 'empty file';
  const pos = /position (\d+)/.exec(message);
  if (pos) return `invalid JSON at position ${pos[1]}`;
  if (/end of (JSON )?input/i.test(message)) return `invalid JSON at position ${text.length}`;
  return 'invalid JSON';
}

export function toSummary(name: string, meta: CassetteMeta, size: number): CassetteSummary {
  const s: CassetteSummary = {
    name,
    description: meta.description,
    recorded_at: meta.recorded_at,
    interactions_count: meta.interactions_count,
    mode: meta.mode,
    size_bytes: size,
  };
  if (meta.secrets_count !== undefined) s.secrets_count = meta.secrets_count;
  if (meta.secrets_partial) s.secrets_partial = true;
  if (meta.error !== undefined) s.error = meta.error;
  return s;
}

export function detailsOf(summary: CassetteSummary, meta: CassetteMeta): CassetteDetails {
  return {
    ...summary,
    version: meta.version,
    cookies_count: meta.cookies_count,
    http_count: meta.http_count,
    http_error_count: meta.http_error_count,
    websocket_count: meta.websocket_count,
  };
}
