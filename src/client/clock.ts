/** An opaque timer handle, as returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/**
 * Time and timers, injected so tests can drive the engine with a fake clock.
 * The engine uses it for backoff, polling, heartbeat and dead-peer timers.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock. Reads the globals at call time so `vi.useFakeTimers()` also works. */
export const systemClock: Clock = {
  now: () => Date.now(),
  // Not unref'd: while reconnecting, the retry timer is what keeps `--json` mode alive.
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
