import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { repeat, systemClock, type Clock, type TimerHandle } from '../../protocol/clock.js';
import type { WatchInfo } from '../../protocol/index.js';
import { startProbe, type Probe } from './watch-probe.js';
import { watchFailure } from './watch-reasons.js';

export interface DirWatcherOptions {
  dir: string;
  /** Called once per file name after `debounceMs` of quiet (or `maxWaitMs` of constant writing). */
  onName: (fileName: string) => void;
  /**
   * Called when events may have been missed (watcher error, unnamed event, periodic safety
   * net) and on every poll. A poll waits for the returned promise before arming the next
   * one, so a slow pass never runs back to back with the next.
   */
  onRescan: () => void | Promise<void>;
  /** @default 50 */
  debounceMs?: number;
  /** Upper bound on how long a file written without pause waits to be reported. @default 1000 */
  maxWaitMs?: number;
  /**
   * Period of the `onRescan` safety net while file events work; 0 disables it. inotify is
   * the real source; a stat-only rescan of 10 000 files costs ~150 ms, so it runs rarely.
   * @default 30000
   */
  reconcileMs?: number;
  /** First delay before re-creating a watcher that failed; it doubles up to 60 s. @default 1000 */
  retryMs?: number;
  /**
   * Poll from the start instead of watching: `onRescan` every `intervalMs`. `reason` says
   * why (absent when the user asked for it). No fs.watch, no probe.
   */
  poll?: { intervalMs: number; reason?: string };
  /** Period of the polling that replaces file events when they fail. @default 1000 */
  pollMs?: number;
  /**
   * How long the self-test waits for the event of its probe file before deciding that file
   * events do not arrive (protocol.md §1.4); 0 skips the self-test. @default 2000
   */
  probeMs?: number;
  /** Injected for tests. @default fs.watch */
  watch?: (dir: string, listener: (event: string, fileName: string | null) => void) => FSWatcher;
  /** Called with each change of mode, after the first (which is {@link DirWatcher.mode}). */
  onMode?: (watch: WatchInfo) => void;
  /** Failures that do not change the mode: a retry that failed again, a probe that could not be written. */
  onError?: (err: unknown) => void;
  /** Debounce, retry, probe, poll and reconcile timers. @default systemClock */
  clock?: Clock;
}

export interface DirWatcher {
  /** How changes are noticed now. */
  readonly mode: WatchInfo;
  /** Resolves once the first self-test is over; at once when polling or without a probe. */
  readonly settled: Promise<void>;
  close(): void;
}

const MAX_RETRY_MS = 60_000;

/**
 * Watches a flat directory (inotify on Linux) and debounces per file name. fs.watch only
 * says "something happened to this name": callers stat to learn what.
 *
 * When file events fail it polls instead (protocol.md §1.4): fs.watch throwing or emitting
 * an error (ENOSPC, EMFILE, EPERM…) switches to polling and retries the watcher with
 * backoff; a watcher whose probe file makes no event within `probeMs` is given up for good,
 * because that file system will not start reporting changes later.
 */
export function watchDirectory(options: DirWatcherOptions): DirWatcher {
  const debounceMs = options.debounceMs ?? 50;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const reconcileMs = options.reconcileMs ?? 30_000;
  const retryMs = options.retryMs ?? 1000;
  const pollMs = options.pollMs ?? 1000;
  const probeMs = options.probeMs ?? 2000;
  const clock = options.clock ?? systemClock;
  const doWatch =
    options.watch ?? ((dir, listener) => fsWatch(dir, { persistent: false, encoding: 'utf8' }, listener));
  const pending = new Map<string, { timer: TimerHandle; first: number }>();
  let mode: WatchInfo = { mode: 'events' };
  let watcher: FSWatcher | undefined;
  let probe: Probe | undefined;
  let retryTimer: TimerHandle | undefined;
  let retryDelay = retryMs;
  let stopPolling: (() => void) | undefined;
  let stopReconcile: (() => void) | undefined;
  let closed = false;
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));

  const rescan = (): void => {
    Promise.resolve(options.onRescan()).catch((err: unknown) => options.onError?.(err));
  };

  const fire = (name: string): void => {
    pending.delete(name);
    if (!closed) options.onName(name);
  };

  const onEvent = (_event: string, fileName: string | null): void => {
    if (closed) return;
    if (!fileName) {
      rescan();
      return;
    }
    if (probe?.name === fileName) probe.seen();
    // Temp files (ours are dot-prefixed) and other files are never cassettes: no timer, no stat.
    if (fileName.startsWith('.') || !fileName.endsWith('.json')) return;
    const now = clock.now();
    const p = pending.get(fileName);
    if (p) clock.clearTimeout(p.timer);
    const first = p?.first ?? now;
    const wait = Math.max(0, Math.min(debounceMs, first + maxWaitMs - now));
    pending.set(fileName, { timer: clock.setTimeout(() => fire(fileName), wait), first });
  };

  const setMode = (next: WatchInfo): void => {
    mode = next;
    options.onMode?.(next);
  };

  /** `onRescan` every `ms`, the next pass armed when the previous one is over. Unref'd, like fs.watch. */
  const startPolling = (ms: number): (() => void) => {
    let timer: TimerHandle | undefined;
    let stopped = false;
    const tick = async (): Promise<void> => {
      timer = undefined;
      try {
        await options.onRescan();
      } catch (err) {
        options.onError?.(err);
      }
      if (!stopped) timer = clock.setTimeout(() => void tick(), ms, { unref: true });
    };
    timer = clock.setTimeout(() => void tick(), ms, { unref: true });
    return () => {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
    };
  };

  const dropWatcher = (): void => {
    watcher?.close();
    watcher = undefined;
    probe?.cancel();
    probe = undefined;
  };

  /** Polls instead of file events, for `reason`; with `retry`, keeps trying to watch again. */
  const fallBack = (reason: string, retry: boolean): void => {
    dropWatcher();
    stopReconcile?.();
    stopReconcile = undefined;
    if (mode.mode !== 'poll') stopPolling = startPolling(pollMs);
    if (mode.reason !== reason) setMode({ mode: 'poll', interval_ms: mode.interval_ms ?? pollMs, reason });
    rescan(); // what happened since the last event was not reported
    if (retry && retryTimer === undefined) {
      retryTimer = clock.setTimeout(retryWatch, retryDelay);
      retryDelay = Math.min(MAX_RETRY_MS, retryDelay * 2);
    }
  };

  /** Back to file events once a re-created watcher passed its probe. */
  const recover = (): void => {
    stopPolling?.();
    stopPolling = undefined;
    retryDelay = retryMs;
    startReconcile();
    setMode({ mode: 'events' });
    rescan(); // the switch itself may fall between a poll and the first event
  };

  const startReconcile = (): void => {
    // Unref'd, like the fs.watch handle (`persistent: false`): the safety net alone never keeps a process alive.
    if (reconcileMs > 0) stopReconcile = repeat(clock, reconcileMs, rescan, { unref: true });
  };

  const attach = (): void => {
    const w = doWatch(options.dir, onEvent);
    watcher = w;
    w.on('error', (err) => {
      if (watcher !== w || closed) return;
      fallBack(watchFailure(err), true);
    });
  };

  /**
   * The self-test: the watcher must report a file we create. Undecided (the directory is
   * not writable) counts as passed. The first result settles {@link DirWatcher.settled}.
   */
  const selfTest = (onPass: () => void): void => {
    if (probeMs <= 0) {
      onPass();
      settle();
      return;
    }
    probe = startProbe({
      dir: options.dir,
      timeoutMs: probeMs,
      clock,
      onResult: (result) => {
        probe = undefined;
        if (!closed) {
          if (result.kind === 'unwritable') options.onError?.(result.error);
          if (result.kind === 'silent') {
            fallBack(`no file events within ${probeMs} ms: this file system does not report changes`, false);
          } else onPass();
        }
        settle();
      },
    });
  };

  const retryWatch = (): void => {
    retryTimer = undefined;
    if (closed) return;
    try {
      attach();
    } catch (err) {
      options.onError?.(err);
      retryTimer = clock.setTimeout(retryWatch, retryDelay);
      retryDelay = Math.min(MAX_RETRY_MS, retryDelay * 2);
      return;
    }
    selfTest(recover);
  };

  if (options.poll) {
    mode = { mode: 'poll', interval_ms: options.poll.intervalMs };
    if (options.poll.reason !== undefined) mode.reason = options.poll.reason;
    stopPolling = startPolling(options.poll.intervalMs);
    settle();
  } else {
    try {
      attach();
      startReconcile();
      selfTest(() => undefined);
    } catch (err) {
      // e.g. ENOSPC (inotify watch limit): poll, and retry the watcher with backoff.
      mode = { mode: 'poll', interval_ms: pollMs, reason: watchFailure(err) };
      stopPolling = startPolling(pollMs);
      retryTimer = clock.setTimeout(retryWatch, retryDelay);
      retryDelay = Math.min(MAX_RETRY_MS, retryDelay * 2);
      settle();
    }
  }
  return {
    get mode() {
      return mode;
    },
    settled,
    close() {
      closed = true;
      dropWatcher();
      if (retryTimer !== undefined) clock.clearTimeout(retryTimer);
      stopReconcile?.();
      stopPolling?.();
      for (const p of pending.values()) clock.clearTimeout(p.timer);
      pending.clear();
      settle();
    },
  };
}
