import type { Clock, TimerHandle } from '../../src/client/index.js';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** A manual clock: timers run only inside `advance`, in due order. */
export class FakeClock implements Clock {
  private t = 1_000_000;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.t + Math.max(0, ms), fn });
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
  /** Delays (from now) of the pending timers, soonest first. */
  pending(): number[] {
    return [...this.timers.values()].map((timer) => timer.at - this.t).sort((a, b) => a - b);
  }
}
