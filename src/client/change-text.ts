import type { CassetteSummary } from '../protocol/index.js';
import type { ChangeKind } from './stream.js';

/**
 * The original plan's notice for a change of one row: `New cassette: x`, `Cassette
 * updated: x`, `Cassette deleted: x`; undefined when nothing changed. An update that added
 * interactions says how many (`Cassette updated: x (+2 interactions)`, issue 9 §5). One
 * wording for the terminal's toasts and the page's. `name` is inserted as given: the
 * terminal sanitises it first, the page inserts the sentence as text.
 */
export function changeSentence(kind: ChangeKind, name: string, added = 0): string | undefined {
  switch (kind) {
    case 'created':
      return `New cassette: ${name}`;
    case 'updated':
      return added > 0
        ? `Cassette updated: ${name} (+${added} interaction${added === 1 ? '' : 's'})`
        : `Cassette updated: ${name}`;
    case 'deleted':
      return `Cassette deleted: ${name}`;
    case 'unchanged':
      return undefined;
  }
}

/**
 * How many interactions an update added: the growth of `interactions_count`, 0 when it did
 * not grow or either count is unknown (an unreadable file). A recorder only appends, so a
 * smaller count is a rewrite, not a negative addition.
 */
export function addedInteractions(
  previous: CassetteSummary | undefined,
  next: CassetteSummary | undefined,
): number {
  const before = previous?.interactions_count;
  const after = next?.interactions_count;
  if (before === null || before === undefined || after === null || after === undefined) return 0;
  return Math.max(0, after - before);
}
