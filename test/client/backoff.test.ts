import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/client/index.js';

describe('backoff', () => {
  it('doubles from 1 s and caps at 30 s with no jitter at the top of the range', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 20].map((a) => backoffDelay(a, () => 1));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('halves at the bottom of the jitter range, after the cap', () => {
    const delays = [0, 4, 5, 50].map((a) => backoffDelay(a, () => 0));
    expect(delays).toEqual([500, 8000, 15000, 15000]);
  });

  it('stays within [0.5, 1] × min(30 s, 1 s·2^attempt) for any attempt and random', () => {
    fc.assert(
      fc.property(
        fc.nat(1000),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const capped = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 15));
          const d = backoffDelay(attempt, () => r);
          return d >= capped / 2 && d <= capped;
        },
      ),
    );
  });
});
