import { describe, expect, it } from 'vitest';
import { columnLayout, columnsProblem, parseColumns } from '../../../src/ui/render/layout.js';

/** `id:width …`, left to right. */
function widths(width: number, chosen?: Parameters<typeof columnLayout>[1]): string {
  return columnLayout(width, chosen)
    .columns.map((c) => `${c.id}:${c.width}`)
    .join(' ');
}

describe('column layout', () => {
  it('shows every column when the width allows, the name and description sharing the rest', () => {
    expect(widths(139)).toBe('name:38 secrets:2 description:46 mode:6 interactions:14 size:8 recorded:10');
    expect(widths(119)).toBe('name:29 secrets:2 description:35 mode:6 interactions:14 size:8 recorded:10');
    expect(widths(99)).toBe('name:24 secrets:2 description:20 mode:6 interactions:14 size:8 recorded:10');
  });

  it('as the terminal narrows, shrinks the description, then drops SIZE, MODE, the description, the # heading, RECORDED, ⚠', () => {
    expect(widths(95)).toBe('name:24 secrets:2 description:16 mode:6 interactions:14 size:8 recorded:10');
    expect(widths(94)).toBe('name:24 secrets:2 description:25 mode:6 interactions:14 recorded:10');
    expect(widths(85)).toBe('name:24 secrets:2 description:16 mode:6 interactions:14 recorded:10');
    expect(widths(82)).toBe('name:24 secrets:2 description:21 interactions:14 recorded:10');
    expect(widths(79)).toBe('name:24 secrets:2 description:18 interactions:14 recorded:10');
    expect(widths(59)).toBe('name:12 secrets:2 description:10 interactions:14 recorded:10');
    expect(widths(49)).toBe('name:14 secrets:2 interactions:14 recorded:10');
    expect(widths(39)).toBe('name:13 secrets:2 interactions:5 recorded:10');
    expect(widths(29)).toBe('name:15 secrets:2 interactions:5');
    expect(widths(25)).toBe('name:15 interactions:5');
    expect(widths(19)).toBe('name:9 interactions:5');
  });

  it('never lays out wider than the screen, and always keeps NAME and the count', () => {
    for (let width = 19; width <= 200; width++) {
      const l = columnLayout(width);
      const used = 3 + l.columns.reduce((sum, c) => sum + c.width, 0) + 2 * (l.columns.length - 1);
      expect(used).toBeLessThanOrEqual(width);
      expect(l.columns.map((c) => c.id).slice(0, 1)).toEqual(['name']);
      expect(l.columns.some((c) => c.id === 'interactions')).toBe(true);
    }
  });

  it('lays out only the chosen columns, in their order, with the same priorities', () => {
    expect(widths(99, ['name', 'size', 'interactions'])).toBe('name:40 size:8 interactions:14');
    expect(widths(99, ['name', 'recorded', 'description'])).toBe('name:37 recorded:10 description:45');
    expect(widths(40, ['name', 'mode', 'description', 'recorded'])).toBe(
      'name:12 description:11 recorded:10',
    );
    expect(widths(30, ['name', 'mode', 'description', 'recorded'])).toBe('name:15 recorded:10');
  });
});

describe('the columns option', () => {
  it('takes column names in any case, NAME first and always, repeats once', () => {
    expect(parseColumns(['SIZE', 'interactions', 'Size'])).toEqual(['name', 'size', 'interactions']);
    expect(parseColumns(['recorded', 'name'])).toEqual(['name', 'recorded']);
  });

  it('refuses an unknown column with one sentence listing the known ones', () => {
    expect(columnsProblem(['name', 'szie', 'age'])).toBe(
      'unknown column "szie", "age" (columns: name, secrets, description, mode, interactions, size, recorded)',
    );
    expect(columnsProblem([])).toBe('no columns given');
    expect(columnsProblem(['name', 'mode'])).toBeUndefined();
    expect(() => parseColumns(['nope'])).toThrow(
      'unknown column "nope" (columns: name, secrets, description, mode, interactions, size, recorded)',
    );
  });
});
