import type { ServerStatus } from '../protocol/index.js';
import type { Clock, TimerHandle } from '../protocol/clock.js';

export interface StatusFeedOptions {
  /** Where the store's status comes from. */
  source: {
    status(): ServerStatus;
    onStatus(listener: (status: ServerStatus) => void): () => void;
  };
  /** Receives the status to announce (the hub's `setStatus`). */
  send: (status: ServerStatus) => void;
  clock: Clock;
  /**
   * Index progress is announced at most this often: the store reports every file (10 000
   * in 1–2 s), a status line needs a few updates a second. @default 100
   */
  progressMs?: number;
}

/** True when `next` only moves the index forward from `prev`: same watch mode, still indexing. */
function progressOnly(prev: ServerStatus, next: ServerStatus): boolean {
  return (
    prev.indexing !== undefined &&
    next.indexing !== undefined &&
    JSON.stringify(prev.watch) === JSON.stringify(next.watch)
  );
}

/**
 * Sends the store's status now and whenever it changes (protocol.md §3.7): a change of
 * watch mode and the end of the index at once, index progress at most every `progressMs`
 * (always the latest figures). Returns the stop function.
 */
export function feedStatus(o: StatusFeedOptions): () => void {
  const progressMs = o.progressMs ?? 100;
  let sent = o.source.status();
  let latest = sent;
  let sentAt = o.clock.now();
  let timer: TimerHandle | undefined;
  const send = (): void => {
    timer = undefined;
    sent = latest;
    sentAt = o.clock.now();
    o.send(sent);
  };
  o.send(sent);
  const off = o.source.onStatus((status) => {
    latest = status;
    if (!progressOnly(sent, status)) {
      if (timer !== undefined) o.clock.clearTimeout(timer);
      send();
    } else if (timer === undefined) {
      timer = o.clock.setTimeout(send, Math.max(0, sentAt + progressMs - o.clock.now()));
    }
  });
  return () => {
    off();
    if (timer !== undefined) o.clock.clearTimeout(timer);
    timer = undefined;
  };
}
