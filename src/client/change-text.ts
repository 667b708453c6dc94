import type { ChangeKind } from './stream.js';

/**
 * The original plan's notice for a change of one row: `New cassette: x`, `Cassette
 * updated: x`, `Cassette deleted: x`; undefined when nothing changed. One wording for the
 * terminal's toasts and the page's. `name` is inserted as given: the terminal sanitises it
 * first, the page inserts the sentence as text.
 */
export function changeSentence(kind: ChangeKind, name: string): string | undefined {
  switch (kind) {
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
