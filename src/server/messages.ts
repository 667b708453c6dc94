import {
  VERSION,
  type CassetteEvent,
  type HelloMessage,
  type ResyncMessage,
  type ResyncReason,
  type ServerStatus,
  type StatusMessage,
} from '../protocol/index.js';
import type { StoreChange } from './types.js';

/** The wire event for a store change, in the key order of protocol.md §3.2. */
export function toEvent(change: StoreChange, seq: number, epoch: string, timestamp: string): CassetteEvent {
  switch (change.type) {
    case 'created':
      return { type: 'CassetteCreated', cassette: change.summary, timestamp, seq, epoch };
    case 'updated':
      return { type: 'CassetteUpdated', cassette: change.summary, timestamp, seq, epoch };
    case 'deleted':
      return { type: 'CassetteDeleted', name: change.name, timestamp, seq, epoch };
  }
}

export function helloMessage(
  epoch: string,
  seq: number,
  heartbeatMs: number,
  dir?: string,
  status: ServerStatus = {},
): HelloMessage {
  const hello: HelloMessage = {
    type: 'Hello',
    epoch,
    seq,
    heartbeat_ms: heartbeatMs,
    server: `magneto-watch/${VERSION}`,
  };
  if (dir !== undefined) hello.dir = dir;
  return { ...hello, ...status };
}

/** Tells every socket what the server is doing now (protocol.md §3.7). */
export function statusMessage(status: ServerStatus): StatusMessage {
  return { type: 'Status', ...status };
}

export function resyncMessage(epoch: string, seq: number, reason: ResyncReason): ResyncMessage {
  return { type: 'Resync', epoch, seq, reason };
}

/** Serializes once; the same bytes go to every client and into the ring. */
export function encode(message: object): Buffer {
  return Buffer.from(JSON.stringify(message));
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/** Joins already-serialized messages into one JSON array frame (`batch=1`). */
export function encodeBatch(items: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [OPEN];
  items.forEach((item, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(item);
  });
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

export const PONG = encode({ type: 'Pong' });
