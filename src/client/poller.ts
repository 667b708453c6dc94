import type { Clock, TimerHandle } from './clock.js';
import { outcomeOfError, type Outcome } from './outcome.js';
import type { Snapshot } from './snapshot.js';

export interface PollerOptions {
  clock: Clock;
  intervalMs: number;
  /** A poll slower than this is aborted and counts as failed. */
  timeoutMs: number;
  list(signal: AbortSignal): Promise<Snapshot>;
  /** A poll succeeded: replace or diff the table, show `polling`. */
  onSnapshot(snapshot: Snapshot): void;
  /** A poll failed: the engine backs off, then calls `poll()` again. */
  onFailure(outcome: Outcome): void;
}

/**
 * Polling for servers without `/ws` (protocol.md §4.5): one list at a time, the next one
 * `intervalMs` after a success; a failure is handed to the engine's backoff.
 */
export function createPoller(options: PollerOptions) {
  const { clock } = options;
  let timer: TimerHandle | undefined;
  let current: AbortController | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;

  function poll(): Promise<void> {
    const run = pollOnce();
    running = run;
    return run;
  }

  async function pollOnce(): Promise<void> {
    timer = undefined;
    if (stopped) return;
    current?.abort();
    const abort = new AbortController();
    current = abort;
    let timedOut = false;
    const timeout = clock.setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, options.timeoutMs);
    try {
      const snapshot = await options.list(abort.signal);
      if (stopped || current !== abort) return;
      options.onSnapshot(snapshot);
      timer = clock.setTimeout(() => void poll(), options.intervalMs);
    } catch (err) {
      if (stopped || current !== abort) return;
      options.onFailure(
        timedOut ? { kind: 'retry', reason: 'the server did not answer the poll' } : outcomeOfError(err),
      );
    } finally {
      clock.clearTimeout(timeout);
      if (current === abort) current = undefined;
    }
  }

  return {
    poll,
    /** Clears the timer, aborts a poll in flight and waits for it. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      current?.abort();
      await running;
    },
  };
}
