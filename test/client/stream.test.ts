import { describe, expect, it } from 'vitest';
import { diffTables } from '../../src/client/index.js';
import { applyEvent, judgeEvent, replaceTable } from '../../src/client/stream.js';
import type { CassetteEvent, CassetteSummary } from '../../src/protocol/index.js';

const summary = (name: string, n = 0): CassetteSummary => ({
  name,
  description: null,
  recorded_at: '2025-10-26T10:00:00Z',
  interactions_count: n,
});
const created = (name: string, seq: number, epoch = 'E'): CassetteEvent => ({
  type: 'CassetteCreated',
  cassette: summary(name),
  timestamp: '',
  seq,
  epoch,
});

describe('stream', () => {
  describe('apply rule', () => {
    const at = { epoch: 'E', seq: 5 };
    it('applies the next seq', () => expect(judgeEvent(at, created('a', 6))).toBe('apply'));
    it('drops seq ≤ last', () => {
      expect(judgeEvent(at, created('a', 5))).toBe('drop');
      expect(judgeEvent(at, created('a', 1))).toBe('drop');
    });
    it('sees a gap when seq > last + 1', () => expect(judgeEvent(at, created('a', 7))).toBe('gap'));
    it('sees a new epoch', () => expect(judgeEvent(at, created('a', 6, 'F'))).toBe('epoch'));
    it('applies events without seq (-1) as they come', () =>
      expect(judgeEvent(at, created('a', -1, ''))).toBe('apply'));
    it('applies anything when the position is unknown', () =>
      expect(judgeEvent({ epoch: null, seq: null }, created('a', 42))).toBe('apply'));
  });

  it('upserts by name and removes on Deleted', () => {
    const table = new Map<string, CassetteSummary>();
    applyEvent(table, created('a', 1));
    applyEvent(table, {
      type: 'CassetteUpdated',
      cassette: summary('a', 3),
      timestamp: '',
      seq: 2,
      epoch: 'E',
    });
    expect(table.get('a')?.interactions_count).toBe(3);
    applyEvent(table, { type: 'CassetteDeleted', name: 'a', timestamp: '', seq: 3, epoch: 'E' });
    expect(table.size).toBe(0);
  });

  it('says what each event did to its row, and what the row was', () => {
    const table = new Map<string, CassetteSummary>();
    const a1 = summary('a');
    expect(
      applyEvent(table, { type: 'CassetteCreated', cassette: a1, timestamp: '', seq: 1, epoch: 'E' }),
    ).toEqual({
      name: 'a',
      kind: 'created',
      previous: undefined,
    });
    const a2 = summary('a', 2);
    const update = { type: 'CassetteUpdated', cassette: a2, timestamp: '', seq: 2, epoch: 'E' } as const;
    expect(applyEvent(table, update)).toEqual({ name: 'a', kind: 'updated', previous: a1 });
    expect(applyEvent(table, { ...update, cassette: summary('a', 2), seq: 3 })).toEqual({
      name: 'a',
      kind: 'unchanged',
      previous: a2,
    });
    // An equal summary is not stored: views keep holding the same object.
    expect(table.get('a')).toBe(a2);
    const gone = { type: 'CassetteDeleted', name: 'a', timestamp: '', seq: 4, epoch: 'E' } as const;
    expect(applyEvent(table, gone).kind).toBe('deleted');
    expect(applyEvent(table, { ...gone, seq: 5 })).toEqual({
      name: 'a',
      kind: 'unchanged',
      previous: undefined,
    });
  });

  it('replaces the table in place on a snapshot and lists only the rows that differ', () => {
    const keep = summary('keep');
    const grow = summary('grow', 1);
    const gone = summary('gone');
    const table = new Map([
      ['keep', keep],
      ['grow', grow],
      ['gone', gone],
    ]);
    const same = table;
    const changes = replaceTable(table, [summary('keep'), summary('grow', 2), summary('new')]);
    expect(table).toBe(same);
    expect(table.get('keep')).toBe(keep);
    expect([...table.keys()]).toEqual(['keep', 'grow', 'new']);
    expect(changes).toEqual([
      { name: 'grow', kind: 'updated', previous: grow },
      { name: 'new', kind: 'created', previous: undefined },
      { name: 'gone', kind: 'deleted', previous: gone },
    ]);
  });

  describe('diff (polling)', () => {
    it('synthesises created, updated and deleted with seq -1 and epoch ""', () => {
      const before = new Map([
        ['keep', summary('keep')],
        ['grow', summary('grow', 1)],
        ['gone', summary('gone')],
      ]);
      const events = diffTables(before, [summary('keep'), summary('grow', 2), summary('new')], 'T');
      expect(events).toEqual([
        { type: 'CassetteUpdated', cassette: summary('grow', 2), timestamp: 'T', seq: -1, epoch: '' },
        { type: 'CassetteCreated', cassette: summary('new'), timestamp: 'T', seq: -1, epoch: '' },
        { type: 'CassetteDeleted', name: 'gone', timestamp: 'T', seq: -1, epoch: '' },
      ]);
    });
  });
});
