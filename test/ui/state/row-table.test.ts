import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowTable } from '../../../src/ui/state/row-table.js';
import type { Row } from '../../../src/ui/state/types.js';
import { summary } from '../../helpers/fake-engine.js';

/** n: 0–5 plain, 6–7 flashing, 8–9 tombstone. */
function row(key: string, n: number): Row {
  const r: Row = { key, summary: summary(key), view: summary(key, { interactions_count: n }) };
  if (n >= 8) r.deletedAt = 1;
  else if (n >= 6) r.flash = { kind: 'updated', at: 1 };
  return r;
}
const live = (m: ReadonlyMap<string, Row>): number =>
  [...m.values()].filter((r) => r.deletedAt === undefined).length;
const timed = (m: ReadonlyMap<string, Row>): string[] =>
  [...m]
    .filter(([, r]) => r.flash !== undefined || r.deletedAt !== undefined)
    .map(([k]) => k)
    .sort();
const key = fc.integer({ min: 0, max: 400 }).map((n) => `k${n}`);
const op = fc.oneof(
  fc.tuple(fc.constant('set' as const), key, fc.nat(9)),
  fc.tuple(fc.constant('delete' as const), key, fc.constant(0)),
  fc.tuple(fc.constant('copy' as const), fc.constant(''), fc.constant(0)),
);

describe('row table', () => {
  it('behaves like a Map, keeps live count and timed rows, and a copy never sees later changes to the original', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 800 }), (ops) => {
        const start = new Map<string, Row>(
          Array.from({ length: 300 }, (_, i) => [`k${i}`, row(`k${i}`, 0)] as const),
        );
        let table = new RowTable(new Map(start));
        let model = new Map(start);
        const frozen: [RowTable, Map<string, Row>][] = [];
        for (const [kind, k, n] of ops) {
          if (kind === 'set') {
            table.set(k, row(k, n));
            model.set(k, row(k, n));
          } else if (kind === 'delete') expect(table.delete(k)).toBe(model.delete(k));
          else {
            frozen.push([table, new Map(model)]);
            table = table.copy();
            model = new Map(model);
          }
          expect(table.size).toBe(model.size);
          expect(table.live).toBe(live(model));
        }
        expect([...table.timed].sort()).toEqual(timed(model));
        expect(new Map(table)).toEqual(model);
        expect([...table.keys()].sort()).toEqual([...model.keys()].sort());
        for (const [t, m] of frozen) {
          expect(new Map(t)).toEqual(m);
          expect([t.live, [...t.timed].sort()]).toEqual([live(m), timed(m)]);
          for (const k of ['k0', 'k299', 'k350']) expect([t.get(k), t.has(k)]).toEqual([m.get(k), m.has(k)]);
        }
      }),
      { numRuns: 60 },
    );
  });
});
