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
  for (const [name, s] of state.table) add(p !== null && p.before.has(name) ? p.before.get(name) : s);
  if (p !== null) for (const [name, s] of p.before) if (!state.table.has(name)) add(s);
  for (const [name, mark] of state.marks) if (mark.tombstone && !liveSource(state, name)) add(mark.tombstone);
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
 * their current ones go in at their place. Same result as {@link computeVisible}, in one
 * pass over the rows and a binary search per change instead of a sort of the whole table.
 */
export function refreshVisible(
  state: RowSources & Pick<UiState, 'filter' | 'sort' | 'visible'>,
  touched: ReadonlySet<string>,
): readonly CassetteSummary[] {
  if (touched.size === 0) return state.visible;
  const needle = state.filter.toLowerCase();
  const cmp = comparator(state.sort);
  const kept = state.visible.filter((s) => !touched.has(s.name));
  const added: CassetteSummary[] = [];
  for (const name of touched) {
    const s = rowSource(state, name);
    if (s !== undefined && matches(s, needle)) added.push(s);
  }
  if (added.length === 0 && kept.length === state.visible.length) return state.visible;
  added.sort(cmp);
  const rows: CassetteSummary[] = [];
  let next = 0;
  for (const s of added) {
    const at = lowerBound(kept, s, cmp);
    for (; next < at; next++) rows.push(kept[next] as CassetteSummary);
    rows.push(s);
  }
  for (; next < kept.length; next++) rows.push(kept[next] as CassetteSummary);
  return rows;
}
