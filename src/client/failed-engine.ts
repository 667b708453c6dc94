import { ErrorCode, MagnetoError } from '../protocol/index.js';
import type { ConnectionStatus, SyncEngine, SyncUpdate } from './types.js';

/**
 * The engine for a URL that cannot be parsed: failed from the start, never retries
 * (protocol.md §4: a bad URL fails immediately); every call rejects with `bad_url` and the reason.
 */
export function failedEngine(reason: string): SyncEngine {
  const status: ConnectionStatus = { kind: 'failed', reason, code: ErrorCode.BadUrl };
  const listeners = new Set<(update: SyncUpdate) => void>();
  let started = false;
  const reject = () => Promise.reject(new MagnetoError(ErrorCode.BadUrl, reason));
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
    list: reject,
    create: reject,
    update: reject,
    remove: reject,
    details: reject,
    interactions: reject,
    interaction: reject,
  };
}
