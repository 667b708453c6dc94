import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/protocol/index.js';

describe('formatBytes: one size format for the terminal, the page, list and show', () => {
  it('say bytes, KiB, MiB in at most 8 columns, and — when unknown', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(5210)).toBe('5.1 KiB');
    expect(formatBytes(10 * 1024)).toBe('10 KiB');
    expect(formatBytes(1024 * 1024 - 1)).toBe('1023 KiB');
    expect(formatBytes(2_000_000)).toBe('1.9 MiB');
    expect(formatBytes(5 * 1024 ** 4)).toBe('5.0 TiB');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
    for (let b = 1; b < 2 ** 50; b *= 3) expect(formatBytes(b).length).toBeLessThanOrEqual(8);
  });
});
