import { addedInteractions, changeSentence, type TableChange } from '../../client/index.js';
import type { CassetteSummary } from '../../protocol/index.js';
import { sanitize } from '../render/sanitize.js';
import { flashStep, TOMBSTONE_MS } from './timing.js';
import type { Flash, RowMark } from './types.js';

/** What a toast says about a change that left the row holding `current`. */
export function toastText(change: TableChange, current: CassetteSummary | undefined): string | undefined {
  return changeSentence(change.kind, sanitize(change.name), addedInteractions(change.previous, current));
}

/**
 * The flash of an update at `now`: `from` is the interaction count when the row began
 * flashing (kept from a flash still showing), `added` what the count grew since. A count
 * that falls below `from` is a rewrite: counting starts again from it. Unknown counts (an
 * unreadable file) show no `+N`.
 */
function updatedFlash(
  flash: Flash | undefined,
  previous: CassetteSummary | undefined,
  current: CassetteSummary | undefined,
  now: number,
): Flash {
  const count = current?.interactions_count;
  const showing = flash?.kind === 'updated' && flashStep(flash.at, now) !== undefined;
  let from = showing ? flash.from : previous?.interactions_count;
  if (count === null || count === undefined || from === null || from === undefined)
    return { kind: 'updated', at: now };
  from = Math.min(from, count);
  return { kind: 'updated', at: now, from, ...(count > from ? { added: count - from } : {}) };
}

/**
 * Marks one change of the engine's table on its row at `now` (`marks` is the caller's
 * copy): created and updated rows flash, a deleted one becomes a tombstone showing what
 * it was. A deletion in flight stays marked through an update. An updated row's flash
 * counts the interactions added since it began (a recorder's burst reads `+5`, not `+1`).
 */
export function markChange(
  marks: Map<string, RowMark>,
  change: TableChange,
  now: number,
  current?: CassetteSummary,
): void {
  const { name } = change;
  switch (change.kind) {
    case 'created':
      marks.set(name, { flash: { kind: 'created', at: now } });
      return;
    case 'updated': {
      const before = marks.get(name);
      const mark: RowMark = { flash: updatedFlash(before?.flash, change.previous, current, now) };
      if (before?.deleting) mark.deleting = true;
      marks.set(name, mark);
      return;
    }
    case 'deleted':
      if (change.previous) marks.set(name, { deletedAt: now, tombstone: change.previous });
      return;
    case 'unchanged':
      return;
  }
}

/** How a mark ages at `now`: unchanged, left as its deletion in flight, or gone (with its row, for a tombstone). */
export function agedMark(mark: RowMark, now: number): 'keep' | 'deleting' | 'gone' | 'tombstone-gone' {
  if (mark.deletedAt !== undefined) return now - mark.deletedAt < TOMBSTONE_MS ? 'keep' : 'tombstone-gone';
  if (mark.flash && flashStep(mark.flash.at, now) === undefined) return mark.deleting ? 'deleting' : 'gone';
  return 'keep';
}

/** A copy of `marks` (through forEach: copying through the iterator allocates an entry per mark). */
export function copyMarks(marks: ReadonlyMap<string, RowMark>): Map<string, RowMark> {
  const copy = new Map<string, RowMark>();
  marks.forEach((mark, name) => copy.set(name, mark));
  return copy;
}
