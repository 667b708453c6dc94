/** The table's columns, as `--columns` and the `columns` option name them. */
export type ColumnId = 'name' | 'secrets' | 'description' | 'mode' | 'interactions' | 'size' | 'recorded';

/** Every column, in the order the table shows them by default. */
export const COLUMN_IDS: readonly ColumnId[] = [
  'name',
  'secrets',
  'description',
  'mode',
  'interactions',
  'size',
  'recorded',
];

/** One column as laid out: `width` columns of the terminal. */
export interface Column {
  id: ColumnId;
  width: number;
}

/** The columns of a frame `width` columns wide (the last terminal column is never written). */
export interface ColumnLayout {
  width: number;
  /** Left to right; NAME first. */
  columns: readonly Column[];
  /** Identifies the layout in the row cache. */
  key: string;
}

/** Cursor, marker, space. */
export const PREFIX = 3;
/** Spaces between two columns. */
export const GAP = 2;

/**
 * Widths of the fixed columns: `⚠` (a cassette with secrets, protocol.md §2.5), `INTERACTIONS ▼`
 * (or `12 +3` while a row flashes), `record`, `1023 KiB`, `RECORDED ▼` or `11mo ago`.
 */
const FIXED: Record<Exclude<ColumnId, 'name' | 'description'>, number> = {
  secrets: 2,
  mode: 6,
  interactions: 14,
  size: 8,
  recorded: 10,
};
/** The interactions column once its heading is `#`. */
export const COMPACT_INTERACTIONS = 5;
const MIN_NAME = 12;
/** The name keeps this much while the description shrinks and the optional columns go. */
const NAME_WHILE_OPTIONAL = 24;
const MAX_NAME = 40;
const MIN_DESC = 10;
/** The description keeps this much before SIZE and MODE go. */
const DESC_WHILE_OPTIONAL = 16;

/** Why `names` is not a list of columns; undefined when it is. */
export function columnsProblem(names: readonly string[]): string | undefined {
  if (names.length === 0) return 'no columns given';
  const unknown = names.filter((n) => !COLUMN_IDS.includes(n.toLowerCase() as ColumnId));
  if (unknown.length > 0)
    return `unknown column ${unknown.map((n) => JSON.stringify(n)).join(', ')} (columns: ${COLUMN_IDS.join(', ')})`;
  return undefined;
}

/**
 * The columns to show, from names `columnsProblem` accepts (any case, repeats ignored), in
 * the order given; NAME always, first. Throws on a name it refuses.
 */
export function parseColumns(names: readonly string[]): ColumnId[] {
  const problem = columnsProblem(names);
  if (problem !== undefined) throw new Error(problem);
  const ids = new Set<ColumnId>(['name']);
  for (const n of names) ids.add(n.toLowerCase() as ColumnId);
  return [...ids];
}

function widthOf(id: ColumnId, compact: boolean): number {
  if (id === 'name' || id === 'description') return 0;
  return id === 'interactions' && compact ? COMPACT_INTERACTIONS : FIXED[id];
}

/**
 * Lays out `chosen` (default: every column) in `width`. A narrow terminal gives up, in
 * turn: the description's width down to 16, SIZE, MODE, the description's width down to
 * 10, the description, the interactions heading (`#`), RECORDED, the `⚠` column, and last
 * the name's width; NAME and the interaction count stay. The `⚠` column goes last of all
 * because it costs four columns and says what a user must not miss (a token in a file that
 * is about to be committed).
 */
export function columnLayout(width: number, chosen: readonly ColumnId[] = COLUMN_IDS): ColumnLayout {
  const has = (id: ColumnId): boolean => chosen.includes(id);
  const dropped = new Set<ColumnId>();
  let compact = false;
  const fixedWidth = (): number =>
    PREFIX +
    chosen
      .filter((id) => id !== 'name' && id !== 'description' && !dropped.has(id))
      .reduce((sum, id) => sum + GAP + widthOf(id, compact), 0);
  /** The name's and the description's widths, if they fit with `minName` and `minDesc`. */
  const flex = (minName: number, minDesc: number): [number, number] | undefined => {
    const avail = width - fixedWidth();
    const withDesc = has('description') && !dropped.has('description');
    const need = withDesc ? minName + GAP + minDesc : minName;
    if (avail < need) return undefined;
    if (!withDesc) return [Math.min(avail, MAX_NAME), 0];
    const name = Math.min(MAX_NAME, Math.max(minName, Math.floor(avail * 0.45)));
    return [name, avail - name - GAP];
  };

  let fit = flex(NAME_WHILE_OPTIONAL, DESC_WHILE_OPTIONAL);
  for (const id of ['size', 'mode'] as const) {
    if (fit || !has(id)) continue;
    dropped.add(id);
    fit = flex(NAME_WHILE_OPTIONAL, DESC_WHILE_OPTIONAL);
  }
  fit ??= flex(MIN_NAME, MIN_DESC);
  if (!fit && has('description')) {
    dropped.add('description');
    fit = flex(MIN_NAME, 0);
  }
  if (!fit && has('interactions')) {
    compact = true;
    fit = flex(MIN_NAME, 0);
  }
  for (const id of ['recorded', 'secrets'] as const) {
    if (fit || !has(id)) continue;
    dropped.add(id);
    fit = flex(MIN_NAME, 0);
  }
  const [name, desc] = fit ?? [Math.max(1, width - fixedWidth()), 0];

  const columns: Column[] = [];
  for (const id of chosen) {
    if (dropped.has(id)) continue;
    const w = id === 'name' ? name : id === 'description' ? desc : widthOf(id, compact);
    columns.push({ id, width: w });
  }
  return { width, columns, key: `${width}|${columns.map((c) => `${c.id}:${c.width}`).join(',')}` };
}
