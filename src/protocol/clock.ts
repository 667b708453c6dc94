/** An opaque timer handle, as returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/** How a timer relates to the life of the process. */
export interface TimerOptions {
  /**
   * The timer alone does not keep the process alive (Node's `timeout.unref()`). For the
   * background timers of a server (heartbeat, reconcile, demo recorder): a server lives
   * as long as its listening socket, and a process that forgot to close it must still be
   * able to exit. Ignored where timers cannot be unref'd (browsers, fake clocks).
   * @default false
   */
  unref?: boolean;
}

/**
 * Time and timers, injected so tests can run every timer of server, client and UI on
 * fake time (architecture.md §2, §3). Repeating work re-arms a timeout ({@link repeat}),
 * so that `clearTimeout` is the one way to stop any timer.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, like `Date.now()`. */
  now(): number;
  setTimeout(fn: () => void, ms: number, options?: TimerOptions): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The real clock. Reads the globals at call time so `vi.useFakeTimers()` also works.
 * Timers keep the process alive unless asked not to: while reconnecting, the client's
 * retry timer is what keeps `--json` mode alive.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms, options) => {
    const handle: unknown = setTimeout(fn, ms);
    if (options?.unref) (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Calls `fn` every `ms` on `clock` until the returned function is called. The next
 * timeout is armed before `fn` runs, like `setInterval`: the time `fn` takes does not
 * add to the period, and `fn` may stop the repetition. `ms` must be positive.
 */
export function repeat(clock: Clock, ms: number, fn: () => void, options?: TimerOptions): () => void {
  let handle: TimerHandle;
  const arm = (): void => {
    handle = clock.setTimeout(
      () => {
        arm();
        fn();
      },
      ms,
      options,
    );
  };
  arm();
  return () => clock.clearTimeout(handle);
}
