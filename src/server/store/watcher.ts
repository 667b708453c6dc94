import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { repeat, systemClock, type Clock, type TimerHandle } from '../../protocol/clock.js';

export interface DirWatcherOptions {
  dir: string;
  /** Called once per file name after `debounceMs` of quiet (or `maxWaitMs` of constant writing). */
  onName: (fileName: string) => void;
  /** Called when events may have been missed: watcher error, unnamed event, periodic safety net. */
  onRescan: () => void;
  /** @default 50 */
  debounceMs?: number;
  /** Upper bound on how long a file written without pause waits to be reported. @default 1000 */
  maxWaitMs?: number;
  /**
   * Period of the `onRescan` safety net; 0 disables it. inotify is the real source; a
   * stat-only rescan of 10 000 files costs ~150 ms, so it runs rarely. @default 30000
   */
  reconcileMs?: number;
  /** Delay before re-creating a watcher that failed. @default 1000 */
  retryMs?: number;
  /** Injected for tests. @default fs.watch */
  watch?: (dir: string, listener: (event: string, fileName: string | null) => void) => FSWatcher;
  /** Reports watcher failures. */
  onError?: (err: unknown) => void;
  /** Debounce, retry and reconcile timers. @default systemClock */
  clock?: Clock;
}

export interface DirWatcher {
  close(): void;
}

/**
 * Watches a flat directory (inotify on Linux) and debounces per file name. fs.watch only
 * says "something happened to this name": callers stat to learn what.
 */
export function watchDirectory(options: DirWatcherOptions): DirWatcher {
  const debounceMs = options.debounceMs ?? 50;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const reconcileMs = options.reconcileMs ?? 30_000;
  const retryMs = options.retryMs ?? 1000;
  const clock = options.clock ?? systemClock;
  const doWatch =
    options.watch ?? ((dir, listener) => fsWatch(dir, { persistent: false, encoding: 'utf8' }, listener));
  const pending = new Map<string, { timer: TimerHandle; first: number }>();
  let watcher: FSWatcher | undefined;
  let retryTimer: TimerHandle | undefined;
  let closed = false;

  const fire = (name: string): void => {
    pending.delete(name);
    if (!closed) options.onName(name);
  };

  const onEvent = (_event: string, fileName: string | null): void => {
    if (closed) return;
    if (!fileName) {
      options.onRescan();
      return;
    }
    // Temp files (ours are dot-prefixed) and other files are never cassettes: no timer, no stat.
    if (fileName.startsWith('.') || !fileName.endsWith('.json')) return;
    const now = clock.now();
    const p = pending.get(fileName);
    if (p) clock.clearTimeout(p.timer);
    const first = p?.first ?? now;
    const wait = Math.max(0, Math.min(debounceMs, first + maxWaitMs - now));
    pending.set(fileName, { timer: clock.setTimeout(() => fire(fileName), wait), first });
  };

  const attach = (w: FSWatcher): void => {
    watcher = w;
    w.on('error', (err) => {
      options.onError?.(err);
      w.close();
      if (watcher === w) watcher = undefined;
      options.onRescan();
      if (!closed && retryTimer === undefined) retryTimer = clock.setTimeout(restart, retryMs);
    });
  };

  const restart = (): void => {
    retryTimer = undefined;
    if (closed) return;
    try {
      attach(doWatch(options.dir, onEvent));
      options.onRescan(); // events between the failure and now were lost
    } catch (err) {
      options.onError?.(err);
      retryTimer = clock.setTimeout(restart, retryMs);
    }
  };

  try {
    attach(doWatch(options.dir, onEvent));
  } catch (err) {
    // e.g. ENOSPC (inotify watch limit): keep going on the periodic rescan and retry.
    options.onError?.(err);
    retryTimer = clock.setTimeout(restart, retryMs);
  }

  // Unref'd, like the fs.watch handle (`persistent: false`): the safety net alone never keeps a process alive.
  const stopReconcile =
    reconcileMs > 0 ? repeat(clock, reconcileMs, () => options.onRescan(), { unref: true }) : undefined;

  return {
    close() {
      closed = true;
      watcher?.close();
      watcher = undefined;
      if (retryTimer !== undefined) clock.clearTimeout(retryTimer);
      stopReconcile?.();
      for (const p of pending.values()) clock.clearTimeout(p.timer);
      pending.clear();
    },
  };
}
