import { afterEach, describe, expect, it, vi } from 'vitest';
import { repeat, systemClock } from '../../src/protocol/index.js';
import { FakeClock } from '../helpers/fake-clock.js';

describe('systemClock', () => {
  afterEach(() => void vi.useRealTimers());

  it('keeps the process alive unless a timer is unref’d', () => {
    const kept = systemClock.setTimeout(() => undefined, 60_000) as NodeJS.Timeout;
    const background = systemClock.setTimeout(() => undefined, 60_000, { unref: true }) as NodeJS.Timeout;
    systemClock.clearTimeout(kept);
    systemClock.clearTimeout(background);
    expect(kept.hasRef()).toBe(true);
    expect(background.hasRef()).toBe(false);
  });

  it('reads the globals at call time, so vi.useFakeTimers drives it', async () => {
    vi.useFakeTimers({ now: 5_000 });
    const fired: number[] = [];
    systemClock.setTimeout(() => fired.push(systemClock.now()), 100, { unref: true });
    const cleared = systemClock.setTimeout(() => fired.push(-1), 50);
    systemClock.clearTimeout(cleared);
    expect(systemClock.now()).toBe(5_000);
    await vi.advanceTimersByTimeAsync(99);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toEqual([5_100]);
  });
});

describe('repeat', () => {
  it('calls every period until stopped, with one timer pending at a time', () => {
    const clock = new FakeClock(0);
    const calls: number[] = [];
    const stop = repeat(clock, 1000, () => calls.push(clock.now()));
    clock.advance(999);
    expect(calls).toEqual([]);
    clock.advance(2001);
    expect(calls).toEqual([1000, 2000, 3000]);
    expect(clock.pending()).toEqual([1000]);
    stop();
    expect(clock.pending()).toEqual([]);
    clock.advance(5000);
    expect(calls).toHaveLength(3);
  });

  it('may be stopped by its own callback', () => {
    const clock = new FakeClock();
    let calls = 0;
    const stop = repeat(clock, 10, () => {
      if (++calls === 2) stop();
    });
    clock.advance(100);
    expect(calls).toBe(2);
    expect(clock.pending()).toEqual([]);
  });

  it('passes the timer options on to every timeout it arms', () => {
    const clock = new FakeClock();
    const stop = repeat(clock, 10, () => undefined, { unref: true });
    clock.advance(25);
    expect(clock.pending({ unref: true })).toEqual([5]);
    expect(clock.pending({ unref: false })).toEqual([]);
    stop();
  });
});
