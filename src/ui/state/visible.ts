import type { CassetteSummary } from '../../protocol/index.js';
import { rowView } from './row-view.js';
import type { UiState } from './types.js';

type Sort = UiState['sort'];
/** What deriving rows needs of the state. */
export type RowSources = Pick<UiState, 'table' | 'marks' | 'paused'>;

/**
 * The summary a view shows for `name`: the engine's; while paused, for a name an update
 * touched since, the one it had when the pause began; for a deleted name still on screen,
 * its tombstone. Undefined when there is no row.
 */
export function rowSource(state: RowSources, name: string): CassetteSummary | undefined {
  return liveSource(state, name) ?? state.marks.get(name)?.tombstone;
}

/** {@link rowSource} without tombstones: the cassette exists (as the view sees it). */
export function liveSource(state: RowSources, name: string): CassetteSummary | undefined {
  const p = state.paused;
  return p !== null && p.before.has(name) ? p.before.get(name) : state.table.get(name);
}

function byName(a: CassetteSummary, b: CassetteSummary): number {
  const la = rowView(a).lower;
  const lb = rowView(b).lower;
  if (la !== lb) return la < lb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function sortValue(s: CassetteSummary, key: Sort['key']): number {
  if (key === 'interactions') return rowView(s).view.interactions_count ?? -Infinity;
  return rowView(s).recordedMs;
}

/**
 * The order rows are shown in: by name (case-insensitive), or by recorded time or
 * interactions, largest first; `reverse` flips it. Ties always by name, so it is stable.
 */
export function comparator(sort: Sort): (a: CassetteSummary, b: CassetteSummary) => number {
  if (sort.key === 'name') return sort.reverse ? (a, b) => byName(b, a) : byName;
  const dir = sort.reverse ? 1 : -1;
  const key = sort.key;
  return (a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    return va === vb ? byName(a, b) : va < vb ? -dir : dir;
  };
}

/** The filter matches the name or description, case-insensitive; `needle` is lower-cased. */
function matches(s: CassetteSummary, needle: string): boolean {
  if (needle === '') return true;
  const v = rowView(s);
  return v.lower.includes(needle) || (v.view.description ?? '').toLowerCase().includes(needle);
}

/** Every row the table shows, from scratch: filtered and sorted (a new filter or sort, a first list). */
export function computeVisible(state: RowSources & Pick<UiState, 'filter' | 'sort'>): CassetteSummary[] {
  const needle = state.filter.toLowerCase();
  const rows: CassetteSummary[] = [];
  const add = (s: CassetteSummary | undefined): void => {
    if (s !== undefined && matches(s, needle)) rows.push(s);
  };
  const p = state.paused;
  // forEach, not for-of: no entry array per row.
  state.table.forEach((s, name) => add(p !== null && p.before.has(name) ? p.before.get(name) : s));
  p?.before.forEach((s, name) => {
    if (!state.table.has(name)) add(s);
  });
  state.marks.forEach((mark, name) => {
    if (mark.tombstone && !liveSource(state, name)) add(mark.tombstone);
  });
  return rows.sort(comparator(state.sort));
}

/** First index in sorted `rows` whose row does not sort before `s`. */
function lowerBound(
  rows: readonly CassetteSummary[],
  s: CassetteSummary,
  cmp: (a: CassetteSummary, b: CassetteSummary) => number,
): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(rows[mid] as CassetteSummary, s) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The visible rows after the rows of `touched` names changed: their old entries leave,
 * their current ones go in at their place. Same result as {@link computeVisible}, with a
 * binary search per change instead of a sort of the whole table, and one new array: under
 * an event storm this runs every frame, and what it allocates is most of the UI's garbage.
 */
export function refreshVisible(
  state: RowSources & Pick<UiState, 'filter' | 'sort' | 'visible'>,
  touched: ReadonlySet<string>,
): readonly CassetteSummary[] {
  if (touched.size === 0) return state.visible;
  const old = state.visible;
  const needle = state.filter.toLowerCase();
  const cmp = comparator(state.sort);
  // Indexed loops: this runs every frame over every row, and a for-of that V8 leaves
  // unoptimised allocates an iterator result per row (it was most of the storm's garbage).
  let leaving = 0;
  for (let i = 0; i < old.length; i++) if (touched.has((old[i] as CassetteSummary).name)) leaving++;
  const added: CassetteSummary[] = [];
  for (const name of touched) {
    const s = rowSource(state, name);
    if (s !== undefined && matches(s, needle)) added.push(s);
  }
  if (added.length === 0 && leaving === 0) return old;
  added.sort(cmp);
  // `old` is sorted, its leaving entries included, so its order places the new ones.
  const at = added.map((s) => lowerBound(old, s, cmp));
  const rows = new Array<CassetteSummary>(old.length - leaving + added.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < old.length; i++) {
    for (; j < added.length && (at[j] as number) <= i; j++) rows[n++] = added[j] as CassetteSummary;
    const s = old[i] as CassetteSummary;
    if (!touched.has(s.name)) rows[n++] = s;
  }
  for (; j < added.length; j++) rows[n++] = added[j] as CassetteSummary;
  return rows;
}
