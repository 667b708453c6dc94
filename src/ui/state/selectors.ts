import { alreadyExists, descriptionProblem, nameProblem } from '../../protocol/index.js';
import { RowTable } from './row-table.js';
import { tableOrigin } from './table.js';
import { FADE_STEP_MS, FADE_STEPS, FLASH_MS, MAX_TOASTS, TOAST_MS, TOMBSTONE_MS } from './timing.js';
import type { FormState, Row, SortKey, UiState } from './types.js';

type Sort = UiState['sort'];

// Sorting compares lower-cased names again and again: each view's is computed once.
const lowerNames = new WeakMap<Row['view'], string>();
function lowerName(row: Row): string {
  let l = lowerNames.get(row.view);
  if (l === undefined) {
    l = row.view.name.toLowerCase();
    lowerNames.set(row.view, l);
  }
  return l;
}

function byName(a: Row, b: Row): number {
  const la = lowerName(a);
  const lb = lowerName(b);
  if (la !== lb) return la < lb ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function sortValue(row: Row, key: SortKey): number {
  if (key === 'interactions') return row.view.interactions_count ?? -Infinity;
  if (key === 'recorded') {
    const t = row.view.recorded_at === null ? NaN : Date.parse(row.view.recorded_at);
    return Number.isNaN(t) ? -Infinity : t;
  }
  return 0;
}

function matches(row: Row, needle: string): boolean {
  if (needle === '') return true;
  return (
    row.view.name.toLowerCase().includes(needle) ||
    (row.view.description ?? '').toLowerCase().includes(needle)
  );
}

/**
 * Rows the table shows, in order: filtered on name or description (case-insensitive),
 * sorted by the sort key (recorded and interactions: largest first; `reverse` flips),
 * ties always by name.
 */
export function computeVisibleRows(table: ReadonlyMap<string, Row>, filter: string, sort: Sort): Row[] {
  const needle = filter.toLowerCase();
  const rows: Row[] = [];
  for (const row of table.values()) if (matches(row, needle)) rows.push(row);
  if (sort.key === 'name') return rows.sort(comparator(sort));
  // Other keys: each row's value computed once, not once per comparison.
  const decorated = rows.map((row) => ({ row, v: sortValue(row, sort.key) }));
  const dir = sort.reverse ? 1 : -1;
  decorated.sort((a, b) => (a.v === b.v ? byName(a.row, b.row) : a.v < b.v ? -dir : dir));
  return decorated.map((d) => d.row);
}

/** The order {@link computeVisibleRows} sorts in, one pair at a time. */
function comparator(sort: Sort): (a: Row, b: Row) => number {
  if (sort.key === 'name') return sort.reverse ? (a, b) => byName(b, a) : byName;
  const dir = sort.reverse ? 1 : -1;
  const key = sort.key;
  return (a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    return va === vb ? byName(a, b) : va < vb ? -dir : dir;
  };
}

/** First index in sorted `rows` whose row does not sort before `row`. */
function lowerBound(rows: readonly Row[], row: Row, cmp: (a: Row, b: Row) => number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(rows[mid] as Row, row) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The rows of `table` from those of `from` (sorted the same way), where only `keys`
 * changed: the old rows of those keys come out, the new ones go in at their place.
 * Same result as {@link computeVisibleRows}; a few binary searches instead of a sort.
 */
function updateVisibleRows(
  base: readonly Row[],
  from: ReadonlyMap<string, Row>,
  table: ReadonlyMap<string, Row>,
  keys: ReadonlySet<string>,
  filter: string,
  sort: Sort,
): Row[] {
  const needle = filter.toLowerCase();
  const cmp = comparator(sort);
  const gone = new Set<number>();
  const added: Row[] = [];
  for (const key of keys) {
    const before = from.get(key);
    const after = table.get(key);
    if (before === after) continue;
    if (before && matches(before, needle)) {
      const i = lowerBound(base, before, cmp);
      if (base[i] === before) gone.add(i);
    }
    if (after && matches(after, needle)) added.push(after);
  }
  if (gone.size === 0 && added.length === 0) return base as Row[];
  added.sort(cmp);
  const kept = gone.size === 0 ? base : base.filter((_, i) => !gone.has(i));
  const rows: Row[] = [];
  let next = 0;
  for (const row of added) {
    const at = lowerBound(kept, row, cmp);
    for (; next < at; next++) rows.push(kept[next] as Row);
    rows.push(row);
  }
  for (; next < kept.length; next++) rows.push(kept[next] as Row);
  return rows;
}

interface Memo {
  table: ReadonlyMap<string, Row>;
  filter: string;
  key: SortKey;
  reverse: boolean;
  rows: Row[];
}

// The reducer asks for the rows before and after each action: two entries cover it.
const memo: Memo[] = [];

function find(table: ReadonlyMap<string, Row>, filter: string, sort: Sort): Memo | undefined {
  return memo.find(
    (m) => m.table === table && m.filter === filter && m.key === sort.key && m.reverse === sort.reverse,
  );
}

/**
 * {@link computeVisibleRows}, memoised on the state's table, filter and sort. A table
 * copied from a memoised one (see `copyTable`) is derived from its rows, not re-sorted.
 */
export function visibleRows(state: Pick<UiState, 'table' | 'filter' | 'sort'>): Row[] {
  const { table, filter, sort } = state;
  const hit = find(table, filter, sort);
  if (hit) return hit.rows;
  const origin = tableOrigin(table, true);
  const base =
    origin && origin.keys.size <= Math.max(64, table.size / 8) ? find(origin.from, filter, sort) : undefined;
  const rows =
    origin && base
      ? updateVisibleRows(base.rows, origin.from, table, origin.keys, filter, sort)
      : computeVisibleRows(table, filter, sort);
  memo.unshift({ table, filter, key: sort.key, reverse: sort.reverse, rows });
  if (memo.length > 2) memo.pop();
  return rows;
}

export function toastLineCount(state: Pick<UiState, 'toasts' | 'more'>): number {
  return Math.min(MAX_TOASTS, state.toasts.length + (state.more.count > 0 ? 1 : 0));
}

/** Lines available to table rows: the frame is at most rows − 1 tall (status, column header, toasts, help line). */
export function bodyHeight(state: Pick<UiState, 'rows' | 'toasts' | 'more'>): number {
  return Math.max(1, state.rows - 1 - 3 - toastLineCount(state));
}

export function liveCount(table: ReadonlyMap<string, Row>): number {
  if (table instanceof RowTable) return table.live;
  let n = 0;
  for (const row of table.values()) if (row.deletedAt === undefined) n++;
  return n;
}

export function selectedRow(state: UiState): Row | undefined {
  if (state.selected === null) return undefined;
  const row = state.table.get(state.selected);
  return row && row.deletedAt === undefined ? row : undefined;
}

const CREATE_FIELDS = ['name', 'description', 'mode'] as const;
const EDIT_FIELDS = ['description', 'mode'] as const;

/** The form's fields in focus order; `form.field` indexes it. */
export function formFields(form: FormState): readonly ('name' | 'description' | 'mode')[] {
  return form.kind === 'create' ? CREATE_FIELDS : EDIT_FIELDS;
}

/** Which form field is the text field being typed in, if any. */
export function formTextField(form: FormState): 'name' | 'description' | undefined {
  const f = formFields(form)[form.field];
  return f === 'mode' ? undefined : f;
}

/**
 * Why the form cannot be submitted, and which field it is about; undefined when it can. The
 * sentences are the protocol's, the ones the server would answer (protocol.md §1.2, §2.1).
 */
export function formProblem(
  form: FormState,
  table: ReadonlyMap<string, Row>,
): { field: 'name' | 'description'; message: string } | undefined {
  if (form.kind === 'create') {
    const problem = nameProblem(form.name);
    if (problem !== undefined) return { field: 'name', message: problem };
    const existing = table.get(form.name);
    if (existing && existing.deletedAt === undefined)
      return { field: 'name', message: alreadyExists(form.name).message };
  }
  const problem = descriptionProblem(form.description);
  return problem === undefined ? undefined : { field: 'description', message: problem };
}

/**
 * The next instant after `state.now` at which the screen changes by itself: a flash
 * fade step, a tombstone or toast expiring, the reconnect countdown; undefined if none.
 */
export function nextDeadline(state: UiState): number | undefined {
  const now = state.now;
  let next = Infinity;
  const consider = (t: number): void => {
    if (t > now && t < next) next = t;
  };
  const { table } = state;
  const rows = table instanceof RowTable ? [...table.timed].map((key) => table.get(key)) : table.values();
  for (const row of rows) {
    if (!row) continue;
    if (row.deletedAt !== undefined) consider(row.deletedAt + TOMBSTONE_MS);
    else if (row.flash) {
      for (let step = 0; step <= FADE_STEPS; step++) consider(row.flash.at + FLASH_MS + step * FADE_STEP_MS);
    }
  }
  for (const t of state.toasts) consider(t.at + TOAST_MS);
  if (state.more.count > 0) consider(state.more.at + TOAST_MS);
  const retryAt =
    state.status.kind === 'reconnecting' || state.status.kind === 'failed' ? state.status.retryAt : undefined;
  if (retryAt !== undefined) {
    const left = retryAt - now;
    if (left > 0) consider(now + (left % 1000 || 1000));
  }
  return next === Infinity ? undefined : next;
}
