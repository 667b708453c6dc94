import type { Clock, TimerHandle, TimerOptions } from '../../src/client/index.js';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
  unref: boolean;
}

/** A manual clock: timers run only inside `advance`, in due order. */
export class FakeClock implements Clock {
  private t: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  /** @param start the initial `now()` (ms since the epoch). */
  constructor(start = 1_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number, options?: TimerOptions): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.t + Math.max(0, ms), fn, unref: options?.unref ?? false });
    return id;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }
  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let due: Timer | undefined;
      for (const timer of this.timers.values()) {
        if (timer.at <= end && (due === undefined || timer.at < due.at)) due = timer;
      }
      if (due === undefined) break;
      this.timers.delete(due.id);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
  /**
   * Delays (from now) of the pending timers, soonest first; with `unref`, only the timers
   * that were (or were not) asked not to keep the process alive.
   */
  pending(filter: { unref?: boolean } = {}): number[] {
    return [...this.timers.values()]
      .filter((timer) => filter.unref === undefined || timer.unref === filter.unref)
      .map((timer) => timer.at - this.t)
      .sort((a, b) => a - b);
  }
}
