import { describe, expect, it } from 'vitest';
import type { SyncUpdate } from '../../../src/client/types.js';
import type { CassetteSummary } from '../../../src/protocol/index.js';
import * as A from '../../../src/ui/state/actions.js';
import { initialState, reduce } from '../../../src/ui/state/reducer.js';
import { nextDeadline, visibleRows } from '../../../src/ui/state/selectors.js';
import { FADE_STEP_MS, FLASH_MS, TOAST_MS, TOMBSTONE_MS, flashStep } from '../../../src/ui/state/timing.js';
import type { UiState } from '../../../src/ui/state/types.js';
import { summary } from '../../helpers/fake-engine.js';

const T0 = 1_000_000;

const ev = {
  created: (c: CassetteSummary): SyncUpdate => ({
    type: 'event',
    event: { type: 'CassetteCreated', cassette: c, seq: 1, epoch: 'e', timestamp: '' },
  }),
  updated: (c: CassetteSummary): SyncUpdate => ({
    type: 'event',
    event: { type: 'CassetteUpdated', cassette: c, seq: 1, epoch: 'e', timestamp: '' },
  }),
  deleted: (name: string): SyncUpdate => ({
    type: 'event',
    event: { type: 'CassetteDeleted', name, seq: 1, epoch: 'e', timestamp: '' },
  }),
  snapshot: (cassettes: CassetteSummary[]): SyncUpdate => ({
    type: 'snapshot',
    cassettes,
    epoch: 'e',
    seq: 1,
    reason: 'relist',
  }),
};

function start(names: string[] = ['b', 'd', 'f']): UiState {
  return initialState({ now: T0, columns: 100, rows: 24, table: names.map((n) => summary(n)) });
}
const at = (s: UiState, now: number, ...updates: SyncUpdate[]): UiState => reduce(s, A.tick(now, updates));
const names = (s: UiState): string[] => visibleRows(s).map((r) => r.key);
const texts = (s: UiState): string[] => s.toasts.map((t) => t.text);

describe('reducer', () => {
  describe('events', () => {
    it('upserts a created cassette with a created flash and a toast', () => {
      const s = at(start(), T0, ev.created(summary('c')));
      expect(names(s)).toEqual(['b', 'c', 'd', 'f']);
      expect(s.table.get('c')?.flash).toEqual({ kind: 'created', at: T0 });
      expect(texts(s)).toEqual(['New cassette: c']);
    });

    it('marks an update with an updated flash and says so', () => {
      const s = at(start(), T0, ev.updated(summary('d', { interactions_count: 4 })));
      expect(s.table.get('d')?.flash?.kind).toBe('updated');
      expect(s.table.get('d')?.view.interactions_count).toBe(4);
      expect(texts(s)).toEqual(['Cassette updated: d']);
    });

    it('ignores an update that changes nothing', () => {
      const s0 = start();
      const s = at(s0, T0, ev.updated(summary('d')));
      expect(s.table.get('d')).toBe(s0.table.get('d'));
      expect(s.toasts).toEqual([]);
    });

    it('keeps a deleted cassette as a tombstone for TOMBSTONE_MS, then drops it', () => {
      let s = at(start(), T0, ev.deleted('d'));
      expect(s.table.get('d')?.deletedAt).toBe(T0);
      expect(texts(s)).toEqual(['Cassette deleted: d']);
      s = at(s, T0 + TOMBSTONE_MS - 1);
      expect(names(s)).toContain('d');
      s = at(s, T0 + TOMBSTONE_MS);
      expect(names(s)).toEqual(['b', 'f']);
    });

    it('sanitises what it shows but keys rows by the name as sent', () => {
      const s = at(start([]), T0, ev.created(summary('x\u001b[2Jy', { description: 'a\r\nb\u0007' })));
      const row = s.table.get('x\u001b[2Jy');
      expect(row?.view.name).toBe('xy');
      expect(row?.view.description).toBe('a b');
    });
  });

  describe('flash', () => {
    it('holds for FLASH_MS then fades in steps, then ends', () => {
      expect(flashStep(T0, T0)).toBe(0);
      expect(flashStep(T0, T0 + FLASH_MS - 1)).toBe(0);
      expect(flashStep(T0, T0 + FLASH_MS)).toBe(1);
      expect(flashStep(T0, T0 + FLASH_MS + FADE_STEP_MS)).toBe(2);
      expect(flashStep(T0, T0 + FLASH_MS + 2 * FADE_STEP_MS)).toBeUndefined();
      let s = at(start(), T0, ev.created(summary('c')));
      s = at(s, T0 + FLASH_MS + FADE_STEP_MS);
      expect(s.table.get('c')?.flash).toBeDefined();
      s = at(s, T0 + FLASH_MS + 2 * FADE_STEP_MS);
      expect(s.table.get('c')?.flash).toBeUndefined();
    });

    it('schedules the next frame at the next fade step', () => {
      const s = at(start(), T0, ev.created(summary('c')));
      expect(nextDeadline(s)).toBe(T0 + FLASH_MS);
      expect(nextDeadline(at(s, T0 + FLASH_MS))).toBe(T0 + FLASH_MS + FADE_STEP_MS);
    });
  });

  describe('snapshot', () => {
    it('replaces the table and flashes what differs: added, changed, removed', () => {
      const s = at(
        start(),
        T0,
        ev.snapshot([summary('a'), summary('b'), summary('d', { description: 'new' })]),
      );
      expect(s.table.get('a')?.flash?.kind).toBe('created');
      expect(s.table.get('b')?.flash).toBeUndefined();
      expect(s.table.get('d')?.flash?.kind).toBe('updated');
      expect(s.table.get('f')?.deletedAt).toBe(T0);
      expect(names(at(s, T0 + TOMBSTONE_MS))).toEqual(['a', 'b', 'd']);
    });

    it('does not flash the first snapshot', () => {
      const s = at(start([]), T0, ev.snapshot([summary('a'), summary('b')]));
      expect(s.table.get('a')?.flash).toBeUndefined();
      expect(s.toasts).toEqual([]);
      expect(s.loaded).toBe(true);
    });
  });

  describe('toasts', () => {
    it('shows at most 3 and folds a burst into "+N more changes"', () => {
      const s = at(start([]), T0, ...['a', 'b', 'c', 'd', 'e', 'f'].map((n) => ev.created(summary(n))));
      expect(texts(s)).toEqual(['New cassette: a', 'New cassette: b']);
      expect(s.more.count).toBe(4);
    });

    it('keeps 3 toasts as they are', () => {
      const s = at(start([]), T0, ...['a', 'b', 'c'].map((n) => ev.created(summary(n))));
      expect(texts(s)).toHaveLength(3);
      expect(s.more.count).toBe(0);
    });

    it('gives error toasts their own line', () => {
      let s = at(start([]), T0, ...['a', 'b', 'c', 'd'].map((n) => ev.created(summary(n))));
      s = reduce(s, A.toast('error', 'delete failed: boom', T0));
      expect(s.toasts.map((t) => t.kind)).toContain('error');
      expect(s.toasts.length + (s.more.count > 0 ? 1 : 0)).toBeLessThanOrEqual(3);
    });

    it('expires toasts after TOAST_MS', () => {
      let s = at(start([]), T0, ...['a', 'b', 'c', 'd'].map((n) => ev.created(summary(n))));
      s = at(s, T0 + TOAST_MS);
      expect(s.toasts).toEqual([]);
      expect(s.more.count).toBe(0);
    });
  });

  describe('pause', () => {
    it('buffers updates, counts them, and applies them on resume with flashes', () => {
      let s = reduce(start(), A.pauseToggle(T0));
      s = at(
        s,
        T0 + 10,
        ev.created(summary('c')),
        ev.deleted('b'),
        ev.updated(summary('f', { interactions_count: 9 })),
      );
      expect(s.pending?.count).toBe(3);
      expect(names(s)).toEqual(['b', 'd', 'f']);
      expect(s.toasts).toEqual([]);
      s = at(s, T0 + 20, { type: 'status', status: { kind: 'polling', intervalMs: 2000 } });
      expect(s.status.kind).toBe('polling');
      s = reduce(s, A.pauseToggle(T0 + 30));
      expect(s.pending).toBeNull();
      expect(s.table.get('c')?.flash?.kind).toBe('created');
      expect(s.table.get('b')?.deletedAt).toBe(T0 + 30);
      expect(s.table.get('f')?.flash?.kind).toBe('updated');
    });
  });

  describe('selection', () => {
    it('follows the cassette by name when rows are inserted above', () => {
      let s = reduce(start(), A.move(1));
      expect(s.selected).toBe('d');
      s = at(s, T0, ev.created(summary('a')), ev.created(summary('c')));
      expect(names(s)).toEqual(['a', 'b', 'c', 'd', 'f']);
      expect(s.selected).toBe('d');
    });

    it('follows the cassette when the sort changes', () => {
      let s = initialState({
        now: T0,
        columns: 100,
        rows: 24,
        table: [
          summary('a', { interactions_count: 1 }),
          summary('b', { interactions_count: 5 }),
          summary('c', { interactions_count: 3 }),
        ],
      });
      s = reduce(s, A.move(1));
      expect(s.selected).toBe('b');
      s = reduce(s, A.sortCycle());
      s = reduce(s, A.sortCycle());
      expect(s.sort.key).toBe('interactions');
      expect(names(s)).toEqual(['b', 'c', 'a']);
      expect(s.selected).toBe('b');
    });

    it('moves to the neighbour when the selected cassette is deleted', () => {
      let s = reduce(start(), A.move(1));
      s = at(s, T0, ev.deleted('d'));
      expect(s.selected).toBe('f');
      s = at(s, T0 + 1, ev.deleted('f'));
      expect(s.selected).toBe('b');
    });

    it('keeps the selected row in the scrolling window', () => {
      let s = initialState({
        now: T0,
        columns: 100,
        rows: 10,
        table: Array.from({ length: 30 }, (_, i) => summary(`c${String(i).padStart(2, '0')}`)),
      });
      s = reduce(s, A.moveEdge('bottom'));
      expect(s.selected).toBe('c29');
      expect(s.scrollTop).toBe(30 - (10 - 1 - 3));
      s = reduce(s, A.movePage(-1));
      expect(visibleRows(s).findIndex((r) => r.key === s.selected)).toBeGreaterThanOrEqual(s.scrollTop);
    });
  });

  describe('sort and filter', () => {
    it('sorts stably with ties by name, and reverses', () => {
      let s = initialState({
        now: T0,
        columns: 100,
        rows: 24,
        table: [
          summary('z', { interactions_count: 2 }),
          summary('a', { interactions_count: 2 }),
          summary('m', { interactions_count: 7 }),
        ],
      });
      s = reduce(reduce(s, A.sortCycle()), A.sortCycle());
      expect(names(s)).toEqual(['m', 'a', 'z']);
      s = reduce(s, A.sortReverse());
      expect(names(s)).toEqual(['a', 'z', 'm']);
    });

    it('sorts by recorded time, newest first', () => {
      let s = initialState({
        now: T0,
        columns: 100,
        rows: 24,
        table: [
          summary('old', { recorded_at: '2020-01-01T00:00:00Z' }),
          summary('new', { recorded_at: '2025-01-01T00:00:00Z' }),
        ],
      });
      s = reduce(s, A.sortCycle());
      expect(names(s)).toEqual(['new', 'old']);
    });

    it('filters live on name or description, Esc clears', () => {
      let s = at(start(), T0, ev.updated(summary('f', { description: 'Stripe' })));
      s = reduce(s, A.filterOpen());
      s = reduce(s, A.filterInput('str'));
      expect(names(s)).toEqual(['f']);
      expect(s.selected).toBe('f');
      s = reduce(s, A.filterKeep());
      expect(s.overlay.kind).toBe('none');
      expect(names(s)).toEqual(['f']);
      s = reduce(s, A.filterClear());
      expect(names(s)).toEqual(['b', 'd', 'f']);
    });
  });

  describe('delete', () => {
    it('marks the row deleting, and a failure restores it with an error toast', () => {
      let s = reduce(start(), A.confirmDelete('d'));
      expect(s.overlay).toEqual({ kind: 'confirm-delete', key: 'd' });
      s = reduce(s, A.deleteStarted('d'));
      expect(s.table.get('d')?.deleting).toBe(true);
      s = reduce(s, A.deleteFailed('d', 'delete failed: boom', T0));
      expect(s.table.get('d')?.deleting).toBeUndefined();
      expect(s.toasts.at(-1)).toMatchObject({ kind: 'error', text: 'delete failed: boom' });
    });
  });
});
