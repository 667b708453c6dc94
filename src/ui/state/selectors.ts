import { nameProblem } from '../../protocol/index.js';
import { FADE_STEP_MS, FADE_STEPS, FLASH_MS, MAX_TOASTS, TOAST_MS, TOMBSTONE_MS } from './timing.js';
import type { FormState, Row, SortKey, UiState } from './types.js';

function byName(a: Row, b: Row): number {
  const la = a.view.name.toLowerCase();
  const lb = b.view.name.toLowerCase();
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
    row.view.name.toLowerCase().includes(needle) || (row.view.description ?? '').toLowerCase().includes(needle)
  );
}

/**
 * Rows the table shows, in order: filtered on name or description (case-insensitive),
 * sorted by the sort key (recorded and interactions: largest first; `reverse` flips),
 * ties always by name.
 */
export function computeVisibleRows(
  table: ReadonlyMap<string, Row>,
  filter: string,
  sort: { key: SortKey; reverse: boolean },
): Row[] {
  const needle = filter.toLowerCase();
  const rows: Row[] = [];
  for (const row of table.values()) if (matches(row, needle)) rows.push(row);
  if (sort.key === 'name') {
    rows.sort(sort.reverse ? (a, b) => byName(b, a) : byName);
    return rows;
  }
  const decorated = rows.map((row) => ({ row, v: sortValue(row, sort.key) }));
  const dir = sort.reverse ? 1 : -1;
  decorated.sort((a, b) => (a.v === b.v ? byName(a.row, b.row) : a.v < b.v ? -dir : dir));
  return decorated.map((d) => d.row);
}

// The reducer asks for the rows before and after each action: two entries cover it.
const memo: { table: unknown; filter: string; key: SortKey; reverse: boolean; rows: Row[] }[] = [];

/** {@link computeVisibleRows}, memoised on the state's table, filter and sort. */
export function visibleRows(state: Pick<UiState, 'table' | 'filter' | 'sort'>): Row[] {
  for (const m of memo) {
    if (m.table === state.table && m.filter === state.filter && m.key === state.sort.key && m.reverse === state.sort.reverse)
      return m.rows;
  }
  const rows = computeVisibleRows(state.table, state.filter, state.sort);
  memo.unshift({ table: state.table, filter: state.filter, key: state.sort.key, reverse: state.sort.reverse, rows });
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
  let n = 0;
  for (const row of table.values()) if (row.deletedAt === undefined) n++;
  return n;
}

export function selectedRow(state: UiState): Row | undefined {
  if (state.selected === null) return undefined;
  const row = state.table.get(state.selected);
  return row && row.deletedAt === undefined ? row : undefined;
}

/** Why the form cannot be submitted, or undefined when it can. */
export function formProblem(form: FormState, table: ReadonlyMap<string, Row>): string | undefined {
  if (form.kind === 'edit') return undefined;
  const problem = nameProblem(form.name);
  if (problem !== undefined) return problem;
  const existing = table.get(form.name);
  if (existing && existing.deletedAt === undefined) return 'already exists';
  return undefined;
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
  for (const row of state.table.values()) {
    if (row.deletedAt !== undefined) consider(row.deletedAt + TOMBSTONE_MS);
    else if (row.flash) {
      for (let step = 0; step <= FADE_STEPS; step++) consider(row.flash.at + FLASH_MS + step * FADE_STEP_MS);
    }
  }
  for (const t of state.toasts) consider(t.at + TOAST_MS);
  if (state.more.count > 0) consider(state.more.at + TOAST_MS);
  const retryAt = state.status.kind === 'reconnecting' || state.status.kind === 'failed' ? state.status.retryAt : undefined;
  if (retryAt !== undefined) {
    const left = retryAt - now;
    if (left > 0) consider(now + (left % 1000 || 1000));
  }
  return next === Infinity ? undefined : next;
}
