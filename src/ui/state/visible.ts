import type { CassetteSummary } from '../../protocol/index.js';
import { RowList } from './row-list.js';
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
export function computeVisible(state: RowSources & Pick<UiState, 'filter' | 'sort'>): RowList {
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
  return RowList.of(rows.sort(comparator(state.sort)));
}

/**
 * The visible rows after the rows of the `touched` names changed. `touched` maps each
 * name to the summary its row showed until now (undefined: it had none): that entry
 * leaves, the row's current one goes in at its place. Same result as
 * {@link computeVisible}, with binary searches instead of a sort, copying only the chunks
 * of the list it changes: this runs every frame of an event storm.
 */
export function refreshVisible(
  state: RowSources & Pick<UiState, 'filter' | 'sort' | 'visible'>,
  touched: ReadonlyMap<string, CassetteSummary | undefined>,
): RowList {
  if (touched.size === 0) return state.visible;
  const old = state.visible;
  const needle = state.filter.toLowerCase();
  const cmp = comparator(state.sort);
  const cut: number[] = [];
  const added: CassetteSummary[] = [];
  touched.forEach((shown, name) => {
    const i = shown === undefined ? -1 : old.indexOf(shown, cmp);
    if (i >= 0) cut.push(i);
    const s = rowSource(state, name);
    if (s !== undefined && matches(s, needle)) added.push(s);
  });
  cut.sort((a, b) => a - b);
  added.sort(cmp);
  // `old` is sorted, the leaving entries included, so its order places the new ones.
  return old.edit({ cut, added, at: added.map((s) => old.lowerBound(s, cmp)) });
}
