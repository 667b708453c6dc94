import { MODES } from '../../protocol/index.js';
import type { UiAction } from './actions.js';
import { bodyHeight, formFields, formTextField, visibleRows } from './selectors.js';
import {
  applyEvent,
  applySnapshot,
  copyTable,
  expireRows,
  liveSummaries,
  setRow as putRow,
  toastText,
  type Change,
} from './table.js';
import type { MutableTable } from './row-table.js';
import { addToast, expireToasts } from './toasts.js';
import { SORT_KEYS, type FormState, type Overlay, type Row, type SyncUpdate, type UiState } from './types.js';
import type { ConnectionStatus, ServerInfo } from '../../client/types.js';

export interface InitialStateOptions {
  now: number;
  columns: number;
  rows: number;
  status?: ConnectionStatus;
  info?: ServerInfo;
  /** What the engine already holds, shown without flashing. */
  table?: Iterable<Row['summary']>;
}

export function initialState(o: InitialStateOptions): UiState {
  const table = applySnapshot(new Map(), o.table ?? [], o.now, false, []);
  const state: UiState = {
    now: o.now,
    columns: o.columns,
    rows: o.rows,
    table,
    loaded: table.size > 0,
    status: o.status ?? { kind: 'connecting' },
    info: o.info ?? { flavor: 'unknown', canCreate: true, canUpdate: true },
    selected: null,
    scrollTop: 0,
    filter: '',
    sort: { key: 'name', reverse: false },
    pending: null,
    toasts: [],
    more: { count: 0, at: 0 },
    nextToastId: 1,
    overlay: { kind: 'none' },
  };
  return fixView(state, state);
}

function withToasts(state: UiState, changes: readonly Change[], now: number): UiState {
  let t: Pick<UiState, 'toasts' | 'more' | 'nextToastId'> = state;
  for (const c of changes) t = addToast(t, 'info', toastText(c), now);
  return t === state ? state : { ...state, ...t };
}

function applyUpdates(state: UiState, updates: readonly SyncUpdate[], now: number): UiState {
  let table: MutableTable | undefined;
  // While paused: one copy of the shadow table per batch, not one per event.
  let shadow: Map<string, Row['summary']> | undefined;
  let s = state;
  const changes: Change[] = [];
  for (const u of updates) {
    switch (u.type) {
      case 'status':
        s = { ...s, status: u.status };
        break;
      case 'server':
        s = { ...s, info: u.info };
        break;
      case 'hello':
        if (u.hello.dir !== undefined && s.info.dir === undefined)
          s = { ...s, info: { ...s.info, dir: u.hello.dir } };
        break;
      case 'snapshot':
        if (s.pending) {
          shadow = new Map(u.cassettes.map((c) => [c.name, c]));
          s = { ...s, pending: { table: shadow, count: s.pending.count + 1 } };
        } else {
          table = applySnapshot(table ?? s.table, u.cassettes, now, s.loaded, changes);
          s = { ...s, loaded: true };
        }
        break;
      case 'event':
        if (s.pending) {
          shadow ??= new Map(s.pending.table);
          if (u.event.type === 'CassetteDeleted') shadow.delete(u.event.name);
          else shadow.set(u.event.cassette.name, u.event.cassette);
          s = { ...s, pending: { table: shadow, count: s.pending.count + 1 } };
        } else {
          table ??= copyTable(s.table);
          applyEvent(table, u.event, now, changes);
        }
        break;
    }
  }
  if (table) s = { ...s, table };
  return withToasts(s, changes, now);
}

function pauseToggle(state: UiState, now: number): UiState {
  if (!state.pending) return { ...state, pending: { table: liveSummaries(state.table), count: 0 } };
  const changes: Change[] = [];
  const table = applySnapshot(state.table, state.pending.table.values(), now, state.loaded, changes);
  return withToasts({ ...state, table, pending: null }, changes, now);
}

function tickState(state: UiState, now: number, updates: readonly SyncUpdate[]): UiState {
  let s = updates.length > 0 ? applyUpdates(state, updates, now) : state;
  const toasts = expireToasts(s, now);
  if (toasts !== s) s = { ...s, ...toasts };
  // A table the updates just copied can take the expiries in place: one copy per frame.
  const table = expireRows(s.table, now, s.table !== state.table);
  if (table !== s.table) s = { ...s, table };
  return s.now === now ? s : { ...s, now };
}

function updateForm(state: UiState, f: (form: FormState) => FormState): UiState {
  if (state.overlay.kind !== 'form') return state;
  const form = f(state.overlay.form);
  const { error: _error, ...rest } = form;
  // Any edit clears a submit error; the live name problem is a selector.
  return { ...state, overlay: { kind: 'form', form: form === state.overlay.form ? form : rest } };
}

/** Edits the focused text field, unless the focus is on the mode or the form is being sent. */
function editText(state: UiState, f: (text: string) => string): UiState {
  return updateForm(state, (form) => {
    const field = formTextField(form);
    if (!field || form.submitting) return form;
    return { ...form, [field]: f(form[field]) };
  });
}

function setRow(state: UiState, key: string, f: (row: Row) => Row): UiState {
  const row = state.table.get(key);
  if (!row) return state;
  const table = copyTable(state.table);
  putRow(table, f(row));
  return { ...state, table };
}

function reduceCore(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'tick':
      return tickState(state, action.now, action.updates);
    case 'resize':
      return { ...state, columns: action.columns, rows: action.rows };
    case 'move':
    case 'move-page':
    case 'move-edge':
      return moveSelection(state, action);
    case 'filter-open':
      return { ...state, overlay: { kind: 'filter' } };
    case 'filter-input':
      return { ...state, filter: state.filter + action.text };
    case 'filter-backspace':
      return { ...state, filter: [...state.filter].slice(0, -1).join('') };
    case 'filter-keep':
      return { ...state, overlay: { kind: 'none' } };
    case 'filter-clear':
      return { ...state, filter: '', overlay: { kind: 'none' } };
    case 'sort-cycle': {
      const i = SORT_KEYS.indexOf(state.sort.key);
      return { ...state, sort: { key: SORT_KEYS[(i + 1) % SORT_KEYS.length] ?? 'name', reverse: false } };
    }
    case 'sort-reverse':
      return { ...state, sort: { ...state.sort, reverse: !state.sort.reverse } };
    case 'pause-toggle':
      return pauseToggle(state, action.now);
    case 'toast':
      return { ...state, ...addToast(state, action.kind, action.text, action.now) };
    case 'form-open-create':
      return {
        ...state,
        overlay: {
          kind: 'form',
          form: { kind: 'create', name: '', description: '', mode: 'auto', field: 0, submitting: false },
        },
      };
    case 'form-open-edit': {
      const row = state.table.get(action.key);
      if (!row || row.deletedAt !== undefined) return state;
      const form: FormState = {
        kind: 'edit',
        target: action.key,
        name: row.view.name,
        description: row.view.description ?? '',
        mode: row.view.mode ?? 'auto',
        field: 0,
        submitting: false,
      };
      return { ...state, overlay: { kind: 'form', form } };
    }
    case 'form-input':
      return editText(state, (text) => text + action.text);
    case 'form-backspace':
      return editText(state, (text) => [...text].slice(0, -1).join(''));
    case 'form-clear-field':
      return editText(state, () => '');
    case 'form-field':
      return updateForm(state, (form) => {
        const n = formFields(form).length;
        return { ...form, field: (((form.field + action.delta) % n) + n) % n };
      });
    case 'form-mode':
      return updateForm(state, (form) => {
        if (formTextField(form) !== undefined) return form;
        const i = MODES.indexOf(form.mode);
        const n = MODES.length;
        return { ...form, mode: MODES[(((i + action.delta) % n) + n) % n] ?? 'auto' };
      });
    case 'form-submitting':
      return updateForm(state, (form) => ({ ...form, submitting: true }));
    case 'form-failed':
      if (state.overlay.kind !== 'form') return state;
      return {
        ...state,
        overlay: { kind: 'form', form: { ...state.overlay.form, submitting: false, error: action.message } },
      };
    case 'form-done':
      return state.overlay.kind === 'form' ? { ...state, overlay: { kind: 'none' } } : state;
    case 'confirm-delete': {
      const row = state.table.get(action.key);
      if (!row || row.deletedAt !== undefined || row.deleting) return state;
      return { ...state, overlay: { kind: 'confirm-delete', key: action.key } };
    }
    case 'delete-started':
      return setRow({ ...state, overlay: { kind: 'none' } }, action.key, (row) => ({
        ...row,
        deleting: true,
      }));
    case 'delete-failed': {
      const s = setRow(state, action.key, (row) => {
        const { deleting: _d, ...rest } = row;
        return rest;
      });
      return { ...s, ...addToast(s, 'error', action.message, action.now) };
    }
    case 'details-open':
      return { ...state, overlay: { kind: 'details', key: action.key, scroll: 0 } };
    case 'details-loaded':
    case 'details-failed': {
      const o = state.overlay;
      if (o.kind !== 'details' || o.key !== action.key) return state;
      const next: Overlay =
        action.type === 'details-loaded'
          ? { ...o, details: action.details, interactions: action.interactions }
          : { ...o, error: action.message };
      return { ...state, overlay: next };
    }
    case 'details-scroll': {
      const o = state.overlay;
      if (o.kind !== 'details') return state;
      const max = Math.max(0, (o.interactions?.length ?? 0) - 1);
      return { ...state, overlay: { ...o, scroll: Math.min(max, Math.max(0, o.scroll + action.delta)) } };
    }
    case 'help-open':
      return { ...state, overlay: { kind: 'help' } };
    case 'overlay-close':
      return { ...state, overlay: { kind: 'none' } };
  }
}

function moveSelection(
  state: UiState,
  action: Extract<UiAction, { type: 'move' | 'move-page' | 'move-edge' }>,
): UiState {
  const rows = visibleRows(state);
  if (rows.length === 0) return state;
  const current = Math.max(
    0,
    rows.findIndex((r) => r.key === state.selected),
  );
  let target: number;
  if (action.type === 'move') target = current + action.delta;
  else if (action.type === 'move-page')
    target = current + action.direction * Math.max(1, bodyHeight(state) - 1);
  else target = action.edge === 'top' ? 0 : rows.length - 1;
  target = Math.min(rows.length - 1, Math.max(0, target));
  return { ...state, selected: rows[target]?.key ?? state.selected };
}

/** Nearest live row to `index` in `rows`, looking down first, then up. */
function neighbour(rows: readonly Row[], index: number): string | null {
  const start = Math.min(Math.max(0, index), rows.length - 1);
  for (let i = start; i < rows.length; i++) if (rows[i]?.deletedAt === undefined) return rows[i]?.key ?? null;
  for (let i = start - 1; i >= 0; i--) if (rows[i]?.deletedAt === undefined) return rows[i]?.key ?? null;
  return null;
}

/**
 * Keeps the selection on the same cassette (by name) and scrolled into view. When the
 * selected cassette is deleted or filtered out, the selection moves to its neighbour.
 */
function fixView(prev: UiState, next: UiState): UiState {
  const rows = visibleRows(next);
  let selected = next.selected;
  const at = selected === null ? -1 : rows.findIndex((r) => r.key === selected);
  const row = at >= 0 ? rows[at] : undefined;
  if (!row || row.deletedAt !== undefined) {
    let index = at;
    if (index < 0 && selected !== null) index = visibleRows(prev).findIndex((r) => r.key === selected);
    selected = rows.length === 0 ? null : neighbour(rows, Math.max(0, index));
  }
  const height = bodyHeight(next);
  // Unchanged selection: `at` already holds its index (one scan of the rows, not two).
  const si =
    selected === null
      ? 0
      : selected === next.selected && at >= 0
        ? at
        : Math.max(
            0,
            rows.findIndex((r) => r.key === selected),
          );
  let top = next.scrollTop;
  if (si < top) top = si;
  if (si >= top + height) top = si - height + 1;
  top = Math.max(0, Math.min(top, rows.length - height));
  if (selected === next.selected && top === next.scrollTop) return next;
  return { ...next, selected, scrollTop: top };
}

/** The UI state machine: pure, total, no I/O. */
export function reduce(state: UiState, action: UiAction): UiState {
  const next = reduceCore(state, action);
  return next === state ? state : fixView(state, next);
}
