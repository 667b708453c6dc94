import { describe, expect, it } from 'vitest';
import type { CassetteSummary } from '../../src/protocol/index.js';
import { compareNames, matchesFilter, rowCells } from '../../src/web/rows.js';

const summary = (over: Partial<CassetteSummary> = {}): CassetteSummary => ({
  name: 'github-users',
  description: 'Lists GitHub users',
  recorded_at: '2025-10-26T10:00:00Z',
  interactions_count: 3,
  mode: 'record',
  size_bytes: 2765,
  ...over,
});

describe("the page's rows", () => {
  it('sorts names case-insensitively, then by code point', () => {
    expect(['beta', 'alpha', 'Alpha', 'Gamma', '_x'].sort(compareNames)).toEqual([
      '_x',
      'Alpha',
      'alpha',
      'beta',
      'Gamma',
    ]);
  });

  it('filters on the name or the description, case-insensitive', () => {
    expect(matchesFilter(summary(), 'GITHUB')).toBe(true);
    expect(matchesFilter(summary(), 'lists')).toBe(true);
    expect(matchesFilter(summary(), '  ')).toBe(true);
    expect(matchesFilter(summary(), 'payments')).toBe(false);
    expect(matchesFilter(summary({ description: null }), 'lists')).toBe(false);
  });

  it('gives the text of every cell, with — where the file says nothing', () => {
    expect(rowCells(summary())).toEqual({
      name: 'github-users',
      description: 'Lists GitHub users',
      mode: 'record',
      interactions: '3',
      recordedIso: '2025-10-26T10:00:00Z',
      size: '2.7 KiB',
      error: '',
    });
    expect(
      rowCells({
        name: 'torn',
        description: null,
        recorded_at: null,
        interactions_count: null,
        error: 'not JSON',
      }),
    ).toEqual({
      name: 'torn',
      description: '',
      mode: 'auto',
      interactions: '—',
      recordedIso: '',
      size: '—',
      error: 'not JSON',
    });
  });
});
