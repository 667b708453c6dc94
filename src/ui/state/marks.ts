import { changeSentence, type TableChange } from '../../client/index.js';
import { sanitize } from '../render/sanitize.js';
import { flashStep, TOMBSTONE_MS } from './timing.js';
import type { RowMark } from './types.js';

/** What a toast says about a change. */
export function toastText(change: TableChange): string | undefined {
  return changeSentence(change.kind, sanitize(change.name));
}

/**
 * Marks one change of the engine's table on its row at `now` (`marks` is the caller's
 * copy): created and updated rows flash, a deleted one becomes a tombstone showing what
 * it was. A deletion in flight stays marked through an update.
 */
export function markChange(marks: Map<string, RowMark>, change: TableChange, now: number): void {
  const { name } = change;
  switch (change.kind) {
    case 'created':
      marks.set(name, { flash: { kind: 'created', at: now } });
      return;
    case 'updated': {
      const mark: RowMark = { flash: { kind: 'updated', at: now } };
      if (marks.get(name)?.deleting) mark.deleting = true;
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
