import type { TableChange } from '../../client/index.js';
import { sanitize } from '../render/sanitize.js';
import { flashStep, TOMBSTONE_MS } from './timing.js';
import type { RowMark } from './types.js';

/** What a toast says about a change. */
export function toastText(change: TableChange): string | undefined {
  const name = sanitize(change.name);
  switch (change.kind) {
    case 'created':
      return `New cassette: ${name}`;
    case 'updated':
      return `Cassette updated: ${name}`;
    case 'deleted':
      return `Cassette deleted: ${name}`;
    case 'unchanged':
      return undefined;
  }
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

/**
 * Ends flashes and tombstones whose time is over. Returns the new marks (the same object
 * when nothing expired) and the names whose tombstone left, which leave the screen.
 */
export function expireMarks(
  marks: ReadonlyMap<string, RowMark>,
  now: number,
): { marks: ReadonlyMap<string, RowMark>; gone: Set<string> } {
  let next: Map<string, RowMark> | undefined;
  const gone = new Set<string>();
  for (const [name, mark] of marks) {
    if (mark.deletedAt !== undefined) {
      if (now - mark.deletedAt < TOMBSTONE_MS) continue;
      (next ??= new Map(marks)).delete(name);
      gone.add(name);
    } else if (mark.flash && flashStep(mark.flash.at, now) === undefined) {
      next ??= new Map(marks);
      if (mark.deleting) next.set(name, { deleting: true });
      else next.delete(name);
    }
  }
  return { marks: next ?? marks, gone };
}
