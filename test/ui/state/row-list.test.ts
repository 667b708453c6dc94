import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CassetteSummary } from '../../../src/protocol/index.js';
import { RowList } from '../../../src/ui/state/row-list.js';
import { summary } from '../../helpers/fake-engine.js';

const byCount = (a: CassetteSummary, b: CassetteSummary): number =>
  (a.interactions_count ?? 0) - (b.interactions_count ?? 0) ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const row = (n: number, tag: string): CassetteSummary => summary(`r${tag}${n}`, { interactions_count: n });

/** One edit: which positions leave (as fractions of the length) and which values come in. */
const edit = fc.record({
  cuts: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 700 }),
  adds: fc.array(fc.integer({ min: -10, max: 5000 }), { maxLength: 700 }),
});

describe('row list', () => {
  it('edits like a sorted array, across chunks, sharing what it does not touch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.array(edit, { maxLength: 8 }), (size, edits) => {
        let model = Array.from({ length: size }, (_, i) => row(i * 2, 'a'));
        let list = RowList.of(model);
        edits.forEach(({ cuts, adds }, e) => {
          const cut = [...new Set(cuts.map((f) => Math.floor(f * model.length)))]
            .filter((i) => i < model.length)
            .sort((a, b) => a - b);
          const added = adds.map((n, k) => row(n, `${e}-${k}-`)).sort(byCount);
          const at = added.map((s) => list.lowerBound(s, byCount));
          const before = list;
          list = list.edit({ cut, added, at });
          const gone = new Set(cut.map((i) => model[i]));
          model = [...model.filter((s) => !gone.has(s)), ...added].sort(byCount);
          expect(list.length).toBe(model.length);
          expect(list.toArray()).toEqual(model);
          if (cut.length === 0 && added.length === 0) expect(list).toBe(before);
        });
        expect([...list]).toEqual(model);
        for (const i of [0, 1, model.length >> 1, model.length - 1, model.length])
          expect(list.at(i)).toBe(model[i]);
        expect(list.slice(5, 40)).toEqual(model.slice(5, 40));
        const probe = model[model.length >> 2];
        if (probe) {
          expect(list.indexOf(probe, byCount)).toBe(model.indexOf(probe));
          expect(list.findIndex((s) => s === probe)).toBe(model.indexOf(probe));
        }
        expect(list.indexOf(row(-99, 'none'), byCount)).toBe(-1);
      }),
      { numRuns: 150 },
    );
  });
});
