import { MagnetoError } from '../protocol/index.js';
import type { ConnectionStatus, SyncEngine, SyncUpdate } from './types.js';

/** Error code of every call on an engine whose URL cannot be used. */
export const BAD_URL = 'bad_url';

/**
 * The engine for a URL that cannot be parsed: failed from the start, never retries
 * (protocol.md §4: a bad URL fails immediately); every call rejects with the reason.
 */
export function failedEngine(reason: string): SyncEngine {
  const status: ConnectionStatus = { kind: 'failed', reason };
  const listeners = new Set<(update: SyncUpdate) => void>();
  let started = false;
  const reject = () => Promise.reject(new MagnetoError(BAD_URL, reason, 0));
  return {
    status,
    info: { flavor: 'unknown', canCreate: false, canUpdate: false },
    table: new Map(),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    start() {
      if (started) return;
      started = true;
      for (const listener of [...listeners]) listener({ type: 'status', status });
    },
    stop: () => Promise.resolve(),
    relist: () => Promise.resolve(),
    create: reject,
    update: reject,
    remove: reject,
    details: reject,
    interactions: reject,
  };
}
