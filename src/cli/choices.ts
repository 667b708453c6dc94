/**
 * The values `--sort`, `--columns` and `--theme` take, and the config file's `sort`,
 * `columns` and `theme`: one parser each, so a flag and the file accept the same text and
 * refuse it with the same sentence.
 */
import { COLUMN_IDS, type ColumnId } from '../ui/render/layout.js';
import { SORT_KEYS, type SortKey, type UiState } from '../ui/state/types.js';

export type Sort = UiState['sort'];

/** The order each key starts in (the UI's `s`): names A to Z, the newest and the largest first. */
const NATURAL: Record<SortKey, 'asc' | 'desc'> = { name: 'asc', recorded: 'desc', interactions: 'desc' };

export const SORT_HINT = `${SORT_KEYS.join(', ')}, optionally followed by :asc or :desc`;

/** `recorded`, `recorded:asc`, `name:desc`…: the UI's sort, `reverse` meaning "not the natural order". */
export function parseSort(text: string): Sort | { error: string } {
  const [key, dir, ...rest] = text.trim().toLowerCase().split(':');
  const sortKey = SORT_KEYS.find((k) => k === key);
  if (sortKey === undefined || rest.length > 0 || (dir !== undefined && dir !== 'asc' && dir !== 'desc'))
    return { error: `${JSON.stringify(text)} is not a sort: expected ${SORT_HINT}` };
  return { key: sortKey, reverse: dir !== undefined && dir !== NATURAL[sortKey] };
}

/** The sort as `--sort` spells it, direction included (`recorded:desc`). */
export function formatSort(sort: Sort): string {
  const natural = NATURAL[sort.key];
  return `${sort.key}:${sort.reverse ? (natural === 'asc' ? 'desc' : 'asc') : natural}`;
}

/** A column the table may show besides NAME, which is always there, by its heading. */
export type Column = Uppercase<Exclude<ColumnId, 'name'>>;
/** The table's own list (ui/render/layout.ts), as headings. */
export const COLUMNS: readonly Column[] = COLUMN_IDS.filter((id) => id !== 'name').map(
  (id) => id.toUpperCase() as Column,
);

/** Column names in any case, without repeats, in the order given. */
export function parseColumns(names: readonly string[]): Column[] | { error: string } {
  const out: Column[] = [];
  for (const raw of names) {
    const name = raw.trim().toUpperCase();
    const column = COLUMNS.find((c) => c === name);
    if (column === undefined) {
      const why = name === 'NAME' ? 'NAME is always shown' : `expected some of ${COLUMNS.join(', ')}`;
      return { error: `unknown column ${JSON.stringify(raw)} (${why})` };
    }
    if (!out.includes(column)) out.push(column);
  }
  return out;
}

export const THEMES = ['auto', 'color', 'mono'] as const;
export type Theme = (typeof THEMES)[number];

export function parseTheme(text: string): Theme | { error: string } {
  const theme = THEMES.find((t) => t === text);
  return theme ?? { error: `${JSON.stringify(text)} is not a theme: expected ${THEMES.join(', ')}` };
}

/** The UI's `color` option for a theme: undefined lets the terminal decide. */
export function colorOf(theme: Theme): boolean | undefined {
  return theme === 'auto' ? undefined : theme === 'color';
}

/** The shells `magneto-watch completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];
