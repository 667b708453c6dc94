import { describe, expect, it } from 'vitest';
import { budgetPacer } from '../../../src/ui/screen/pacer.js';

function pacer(o: { burstBytes?: number } = {}) {
  let t = 0;
  let bytes = 0;
  const p = budgetPacer({
    minMs: 33,
    cpuShare: 0.15,
    bytesPerSecond: 16_000,
    takeBytes: () => bytes,
    now: () => t,
    ...o,
  });
  /** A frame `cost` ms of CPU that wrote `written` bytes, drawn `after` ms after the previous one. */
  return (after: number, cost: number, written: number): number => {
    t += after;
    bytes = written;
    return p.delayAfter(cost);
  };
}

describe('budget pacer', () => {
  it('never lets frames closer than 33 ms (≈30 frames/s)', () => {
    const frame = pacer();
    expect(frame(0, 1, 100)).toBe(33);
  });

  it('stays just under 30 frames/s by default', () => {
    expect(budgetPacer({ takeBytes: () => 0 }).delayAfter(0)).toBe(34);
  });

  it('keeps rendering under 15% of a core', () => {
    const frame = pacer();
    expect(frame(0, 9, 100)).toBeCloseTo(60);
  });

  it('lets a repaint within the burst go out without waiting', () => {
    const frame = pacer({ burstBytes: 8000 });
    expect(frame(0, 1, 4000)).toBe(33);
  });

  it('lets key presses skip the CPU share but not the byte budget', () => {
    let bytes = 0;
    const p = budgetPacer({ minMs: 33, takeBytes: () => bytes, now: () => 0, burstBytes: 8000 });
    bytes = 100;
    expect(p.delayAfter(9)).toBeCloseTo(60);
    expect(p.keyDelay?.()).toBe(33);
    bytes = 12_000;
    expect(p.delayAfter(1)).toBeCloseTo(256, 0);
    expect(p.keyDelay?.()).toBeCloseTo(256, 0);
  });

  it('caps the byte debt, so a run of big frames delays the next by at most burst ÷ rate', () => {
    let bytes = 0;
    const p = budgetPacer({ takeBytes: () => bytes, now: () => 0, burstBytes: 8000 });
    bytes = 100_000;
    for (let i = 0; i < 10; i++) p.delayAfter(1);
    expect(p.delayAfter(1)).toBe(500);
  });

  it('spaces frames when the output stays above the byte rate', () => {
    const frame = pacer({ burstBytes: 8000 });
    const delays: number[] = [];
    let after = 0;
    let written = 0;
    for (let i = 0; i < 100; i++) {
      const d = frame(after, 1, 4000);
      delays.push(d);
      after = d;
      written += 4000;
    }
    const elapsed = delays.slice(0, -1).reduce((a, b) => a + b, 0);
    // 400 KB at 16 KB/s: about 25 s, whatever the burst.
    expect(written / (elapsed / 1000)).toBeLessThanOrEqual(16_000 * 1.05);
    expect(delays.at(-1)).toBeCloseTo(250);
  });
});
