import { parseServerStatus, type ServerStatus, type StatusMessage } from './server-status.js';
import { normalizeSummary, type CassetteSummary } from './summary.js';

/** First frame on every `/ws` connection (protocol.md §3); `watch` and `indexing` as in §3.7. */
export interface HelloMessage extends ServerStatus {
  type: 'Hello';
  epoch: string;
  seq: number;
  heartbeat_ms: number;
  server: string;
  /** Absolute cassette directory; only sent by a server bound to loopback. */
  dir?: string;
}

export interface CassetteCreatedEvent {
  type: 'CassetteCreated';
  cassette: CassetteSummary;
  timestamp: string;
  seq: number;
  epoch: string;
}
export interface CassetteUpdatedEvent {
  type: 'CassetteUpdated';
  cassette: CassetteSummary;
  timestamp: string;
  seq: number;
  epoch: string;
}
export interface CassetteDeletedEvent {
  type: 'CassetteDeleted';
  name: string;
  timestamp: string;
  seq: number;
  epoch: string;
}
export type CassetteEvent = CassetteCreatedEvent | CassetteUpdatedEvent | CassetteDeletedEvent;

export type ResyncReason = 'epoch' | 'too_old' | 'ahead';
export interface ResyncMessage {
  type: 'Resync';
  epoch: string;
  seq: number;
  reason: ResyncReason;
}
export interface PongMessage {
  type: 'Pong';
}

export type ServerMessage = HelloMessage | CassetteEvent | ResyncMessage | PongMessage | StatusMessage;

/** Close codes used on `/ws`. */
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_TOO_BIG = 1009;
export const CLOSE_SLOW_CONSUMER = 4008;

/** Subprotocol selected by the server when a client offers `magneto.v1, bearer.<t>`. */
export const SUBPROTOCOL = 'magneto.v1';
export const BEARER_PREFIX = 'bearer.';
/**
 * A client's ping as a message, for runtimes that cannot send ping frames (browsers);
 * answered `{"type":"Pong"}` (protocol.md §3.5).
 */
export const CLIENT_PING = '{"type":"Ping"}';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isSeq(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Parses one server message object (already JSON-decoded). Unknown types give
 * `undefined` (ignored); malformed known types give `null` (log and skip).
 * Events without `seq`/`epoch` (a server written from the original plan) get seq -1.
 */
function parseServerMessage(raw: unknown): ServerMessage | null | undefined {
  if (!isObj(raw) || typeof raw.type !== 'string') return null;
  switch (raw.type) {
    case 'Hello':
      if (typeof raw.epoch !== 'string' || !isSeq(raw.seq)) return null;
      return {
        type: 'Hello',
        epoch: raw.epoch,
        seq: raw.seq,
        heartbeat_ms:
          typeof raw.heartbeat_ms === 'number' && raw.heartbeat_ms > 0 ? raw.heartbeat_ms : 30_000,
        server: typeof raw.server === 'string' ? raw.server : 'unknown',
        ...(typeof raw.dir === 'string' ? { dir: raw.dir } : {}),
        ...parseServerStatus(raw),
      };
    case 'Status':
      return { type: 'Status', ...parseServerStatus(raw) };
    case 'Resync':
      if (typeof raw.epoch !== 'string' || !isSeq(raw.seq)) return null;
      return {
        type: 'Resync',
        epoch: raw.epoch,
        seq: raw.seq,
        reason: raw.reason === 'too_old' || raw.reason === 'ahead' ? raw.reason : 'epoch',
      };
    case 'Pong':
      return { type: 'Pong' };
    case 'CassetteCreated':
    case 'CassetteUpdated': {
      const cassette = normalizeSummary(raw.cassette);
      if (!cassette) return null;
      return {
        type: raw.type,
        cassette,
        timestamp: typeof raw.timestamp === 'string' ? raw.timestamp : '',
        seq: isSeq(raw.seq) ? raw.seq : -1,
        epoch: typeof raw.epoch === 'string' ? raw.epoch : '',
      };
    }
    case 'CassetteDeleted':
      if (typeof raw.name !== 'string' || raw.name.length === 0) return null;
      return {
        type: 'CassetteDeleted',
        name: raw.name,
        timestamp: typeof raw.timestamp === 'string' ? raw.timestamp : '',
        seq: isSeq(raw.seq) ? raw.seq : -1,
        epoch: typeof raw.epoch === 'string' ? raw.epoch : '',
      };
    default:
      return undefined;
  }
}

/**
 * Decodes one text frame: a single object, or (with `batch=1`) an array of them.
 * Returns the parsed messages in order; malformed entries are counted in `bad`.
 */
export function decodeFrame(text: string): { messages: ServerMessage[]; bad: number } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { messages: [], bad: 1 };
  }
  const items = Array.isArray(data) ? data : [data];
  const messages: ServerMessage[] = [];
  let bad = 0;
  for (const item of items) {
    const m = parseServerMessage(item);
    if (m === null) bad++;
    else if (m !== undefined) messages.push(m);
  }
  return { messages, bad };
}

export function isCassetteEvent(m: ServerMessage): m is CassetteEvent {
  return m.type === 'CassetteCreated' || m.type === 'CassetteUpdated' || m.type === 'CassetteDeleted';
}

/** The name an event is about. */
export function eventName(e: CassetteEvent): string {
  return e.type === 'CassetteDeleted' ? e.name : e.cassette.name;
}
