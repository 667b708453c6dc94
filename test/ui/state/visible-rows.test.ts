import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SyncUpdate } from '../../../src/client/types.js';
import * as A from '../../../src/ui/state/actions.js';
import type { UiAction } from '../../../src/ui/state/actions.js';
import { initialState, reduce } from '../../../src/ui/state/reducer.js';
import { computeVisibleRows, visibleRows } from '../../../src/ui/state/selectors.js';
import { copyTable, deleteRow, setRow } from '../../../src/ui/state/table.js';
import { summary } from '../../helpers/fake-engine.js';

const T0 = 1_000_000;
const NAMES = ['alpha', 'Beta', 'beta', 'gamma', 'delta', 'Epsilon', 'zeta', 'eta', 'theta', 'iota'];

const name = fc.constantFrom(...NAMES);
const cassette = fc.record({
  name,
  count: fc.option(fc.integer({ min: 0, max: 5 })),
  day: fc.option(fc.integer({ min: 1, max: 4 })),
  description: fc.constantFrom(null, 'login', 'users'),
});
const event = fc.oneof(
  cassette.map((c): SyncUpdate => ({
    type: 'event',
    event: {
      type: 'CassetteCreated',
      cassette: summary(c.name, {
        interactions_count: c.count,
        recorded_at: c.day === null ? null : `2025-10-0${c.day}T10:00:00Z`,
        description: c.description,
      }),
      seq: 1,
      epoch: 'e',
      timestamp: '',
    },
  })),
  name.map((n): SyncUpdate => ({
    type: 'event',
    event: { type: 'CassetteDeleted', name: n, seq: 1, epoch: 'e', timestamp: '' },
  })),
);
/** One step of a session: a frame of events (time moves on), a key, or a delete the server refused. */
const step = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 1200 }), fc.array(event, { maxLength: 6 }))
      .map(([dt, updates]) => ({ dt, updates })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<UiAction>(
      A.sortCycle(),
      A.sortReverse(),
      A.filterInput('e'),
      A.filterClear(),
      A.move(1),
      A.moveEdge('bottom'),
    ),
  },
  { weight: 1, arbitrary: name.map((n) => [A.deleteStarted(n), A.deleteFailed(n, 'no', T0)]) },
);

describe('visible rows', () => {
  it('updated from the previous frame equal a full sort of the table, whatever happens', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let s = initialState({
          now: T0,
          columns: 100,
          rows: 24,
          table: NAMES.slice(0, 5).map((n) => summary(n)),
        });
        let now = T0;
        for (const st of steps) {
          if (Array.isArray(st)) for (const a of st) s = reduce(s, a);
          else if ('dt' in st) {
            now += st.dt;
            s = reduce(s, A.tick(now, st.updates));
          } else s = reduce(s, st);
          expect(visibleRows(s)).toEqual(computeVisibleRows(s.table, s.filter, s.sort));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('follows a copy of a copy nobody sorted in between', () => {
    const s = initialState({ now: T0, columns: 100, rows: 24, table: NAMES.map((n) => summary(n)) });
    const sort = { key: 'name', reverse: false } as const;
    visibleRows(s);
    const t1 = copyTable(s.table);
    deleteRow(t1, 'alpha');
    const t2 = copyTable(t1);
    setRow(t2, { key: 'zz', summary: summary('zz'), view: summary('zz') });
    expect(visibleRows({ table: t2, filter: '', sort })).toEqual(computeVisibleRows(t2, '', sort));
    expect(visibleRows({ table: t2, filter: '', sort }).map((r) => r.key)).not.toContain('alpha');
  });
});
