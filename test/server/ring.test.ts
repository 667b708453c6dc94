import { describe, expect, it } from 'vitest';
import { EventRing } from '../../src/server/ring.js';

const b = (n: number): Buffer => Buffer.from(String(n));
const texts = (xs: Buffer[] | undefined): string[] | undefined => xs?.map(String);

describe('ring', () => {
  it('returns every event after since while they are all held', () => {
    const ring = new EventRing(5);
    for (let s = 1; s <= 4; s++) ring.push(s, b(s));
    expect(texts(ring.after(0))).toEqual(['1', '2', '3', '4']);
    expect(texts(ring.after(2))).toEqual(['3', '4']);
    expect(ring.after(4)).toEqual([]);
  });

  it('keeps only the last capacity events and reports older since as gone', () => {
    const ring = new EventRing(3);
    for (let s = 1; s <= 10; s++) ring.push(s, b(s));
    expect(ring.size).toBe(3);
    expect(texts(ring.after(7))).toEqual(['8', '9', '10']);
    expect(texts(ring.after(9))).toEqual(['10']);
    expect(ring.after(6)).toBeUndefined();
  });

  it('is empty before the first event', () => {
    expect(new EventRing(2).after(0)).toEqual([]);
  });

  it('refuses a seq that is not the next one', () => {
    const ring = new EventRing(2);
    ring.push(1, b(1));
    expect(() => ring.push(3, b(3))).toThrow(RangeError);
    expect(() => new EventRing(0)).toThrow(RangeError);
  });
});
