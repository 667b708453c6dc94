import { MODES, type CassetteSummary } from '../../protocol/index.js';
import type { ConnectionStatus, ServerInfo, SyncUpdate } from '../../client/types.js';
import type { FilterOp, UiAction } from './actions.js';
import { bodyHeight, formFields, formTextField, isTombstone, visibleRows } from './selectors.js';
import { addToast } from './toasts.js';
import { EventLog, type NewLogEntry } from './event-log.js';
import { movedBottom, type LogOverlay } from './log-view.js';
import { sanitize } from '../render/sanitize.js';
import { SORT_KEYS, type FormState, type RowMark, type UiState } from './types.js';
import { tick, togglePause } from './updates.js';
import type { RowList } from './row-list.js';
import { computeVisible, liveSource } from './visible.js';
import { viewOf } from './row-view.js';
import { isInspectorAction, reduceInspector } from './inspector.js';
import { fixDetails, loadedDetails, moveDetails, openDetails } from './details.js';
import { detailsListRoom } from '../render/details-lines.js';
import type { DetailsOverlay } from './types.js';

export interface InitialStateOptions {
  now: number;
  columns: number;
  rows: number;
  status?: ConnectionStatus;
  info?: ServerInfo;
  /** The engine's table, read in place; what it already holds is shown without flashing. */
  table?: ReadonlyMap<string, CassetteSummary>;
  /** The first sort (the config file's `sort`); `s`/`S` change it. @default by name, A to Z */
  sort?: UiState['sort'];
  /** The cassette directory on this machine, when known (the embedded host). */
  dir?: string;
}

export function initialState(o: InitialStateOptions): UiState {
  const table = o.table ?? new Map<string, CassetteSummary>();
  const base = {
    now: o.now,
    columns: o.columns,
    rows: o.rows,
    table,
    marks: new Map<string, RowMark>(),
    paused: null,
    loaded: table.size > 0,
    status: o.status ?? { kind: 'connecting' },
    info: o.info ?? { flavor: 'unknown', canCreate: true, canUpdate: true },
    selected: null,
    scrollTop: 0,
    filter: '',
    sort: o.sort ?? { key: 'name', reverse: false },
    toasts: [],
    more: { count: 0, at: 0 },
    nextToastId: 1,
    overlay: { kind: 'none' },
    log: EventLog.empty,
  } satisfies Omit<UiState, 'visible'>;
  const state: UiState = {
    ...base,
    visible: computeVisible(base),
    ...(o.dir !== undefined ? { dir: o.dir } : {}),
  };
  return fixView(state, state);
}

function tickState(state: UiState, now: number, updates: readonly SyncUpdate[]): UiState {
  const s = tick(state, updates, now);
  return s.now === now ? s : { ...s, now };
}

/** Changes the mark of a row that exists (`f` gets its current mark, or an empty one). */
function setMark(state: UiState, key: string, f: (mark: RowMark) => RowMark): UiState {
  if (liveSource(state, key) === undefined) return state;
  const marks = new Map(state.marks);
  const mark = f(marks.get(key) ?? {});
  if (Object.keys(mark).length === 0) marks.delete(key);
  else marks.set(key, mark);
  return { ...state, marks };
}

/** A new filter or sort: the visible rows are sorted again from scratch. */
function resort(state: UiState): UiState {
  return { ...state, visible: computeVisible(state) };
}

/** `state` with `entry` in its event log. */
function logged(state: UiState, entry: NewLogEntry): UiState {
  return { ...state, log: state.log.append([entry]) };
}

/**
 * A toast, kept in the event log as well: errors no longer vanish with their toast. The
 * same error while its toast still shows (a key pressed again) is said, and kept, once.
 */
function notify(state: UiState, kind: 'info' | 'error', text: string, now: number): UiState {
  const again = kind === 'error' && state.toasts.some((t) => t.kind === 'error' && t.text === text);
  const s = again ? state : logged(state, { kind, text, at: now });
  return { ...s, ...addToast(s, kind, text, now) };
}

function updateLog(state: UiState, f: (o: LogOverlay) => LogOverlay): UiState {
  return state.overlay.kind === 'log' ? { ...state, overlay: f(state.overlay) } : state;
}

/** Changes the open details, then keeps their selection shown and in view. */
function updateDetails(state: UiState, f: (o: DetailsOverlay) => DetailsOverlay): UiState {
  if (state.overlay.kind !== 'details') return state;
  const o = f(state.overlay);
  if (o === state.overlay) return state;
  const fixed = fixDetails(o, detailsListRoom({ ...state, overlay: o }));
  return { ...state, overlay: fixed };
}

/**
 * A frame of the open details: the cassette was deleted (its details stay, marked, until
 * the user leaves) or is back.
 */
function tickDetails(state: UiState): UiState {
  const o = state.overlay;
  if (o.kind !== 'details' || !state.loaded) return state;
  const gone = !state.table.has(o.key);
  if (gone === (o.deleted === true)) return state;
  if (gone) return { ...state, overlay: { ...o, deleted: true } };
  const { deleted: _deleted, ...rest } = o;
  return { ...state, overlay: rest };
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

function reduceCore(state: UiState, action: UiAction): UiState {
  if (isInspectorAction(action)) return reduceInspector(state, action);
  switch (action.type) {
    case 'tick':
      return tickDetails(tickState(state, action.now, action.updates));
    case 'resize':
      return updateDetails({ ...state, columns: action.columns, rows: action.rows }, (o) => ({ ...o }));
    case 'move':
    case 'move-page':
    case 'move-edge':
      return moveSelection(state, action);
    case 'filter-open':
      return { ...state, overlay: { kind: 'filter' } };
    case 'filter-input':
      return resort({ ...state, filter: state.filter + action.text });
    case 'filter-backspace':
      return resort({ ...state, filter: [...state.filter].slice(0, -1).join('') });
    case 'filter-keep':
      return { ...state, overlay: { kind: 'none' } };
    case 'filter-clear':
      return resort({ ...state, filter: '', overlay: { kind: 'none' } });
    case 'sort-cycle': {
      const i = SORT_KEYS.indexOf(state.sort.key);
      return resort({
        ...state,
        sort: { key: SORT_KEYS[(i + 1) % SORT_KEYS.length] ?? 'name', reverse: false },
      });
    }
    case 'sort-reverse':
      return resort({ ...state, sort: { ...state.sort, reverse: !state.sort.reverse } });
    case 'pause-toggle':
      return togglePause(state, action.now);
    case 'toast':
      return notify(state, action.kind, action.text, action.now);
    case 'form-open-create':
      return {
        ...state,
        overlay: {
          kind: 'form',
          form: { kind: 'create', name: '', description: '', mode: 'auto', field: 0, submitting: false },
        },
      };
    case 'form-open-edit': {
      const summary = liveSource(state, action.key);
      if (!summary) return state;
      const view = viewOf(summary);
      const form: FormState = {
        kind: 'edit',
        target: action.key,
        name: view.name,
        description: view.description ?? '',
        mode: view.mode ?? 'auto',
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
    case 'form-failed': {
      if (state.overlay.kind !== 'form') return state;
      const form = state.overlay.form;
      const verb = form.kind === 'create' ? `create ${form.name}` : `save ${form.target ?? form.name}`;
      return {
        ...logged(state, { kind: 'error', text: `${verb} failed: ${action.message}`, at: action.now }),
        overlay: { kind: 'form', form: { ...form, submitting: false, error: action.message } },
      };
    }
    case 'form-done':
      return state.overlay.kind === 'form' ? { ...state, overlay: { kind: 'none' } } : state;
    case 'confirm-delete': {
      if (!liveSource(state, action.key) || state.marks.get(action.key)?.deleting) return state;
      return { ...state, overlay: { kind: 'confirm-delete', key: action.key } };
    }
    case 'delete-started':
      return setMark({ ...state, overlay: { kind: 'none' } }, action.key, (mark) => ({
        ...mark,
        deleting: true,
      }));
    case 'delete-failed': {
      const s = setMark(state, action.key, (mark) => {
        const { deleting: _d, ...rest } = mark;
        return rest;
      });
      return notify(s, 'error', action.message, action.now);
    }
    case 'details-open':
      return { ...state, overlay: openDetails(action.key) };
    case 'details-loaded':
    case 'details-failed': {
      const o = state.overlay;
      if (o.kind !== 'details' || o.key !== action.key) return state;
      if (action.type === 'details-loaded')
        return updateDetails(state, () => loadedDetails(o, action.details, action.interactions, action.now));
      const text = `details of ${sanitize(action.key)} failed: ${action.message}`;
      return {
        ...logged(state, { kind: 'error', text, at: action.now }),
        overlay: { ...o, error: action.message },
      };
    }
    case 'details-scroll':
    case 'details-move': {
      const move = action.type === 'details-scroll' ? action.delta : action.move;
      return updateDetails(state, (o) => moveDetails(o, move, detailsListRoom(state)));
    }
    case 'details-filter':
      return updateDetails(state, (o) => editFilter(o, action.op));
    case 'details-filter-input':
      return updateDetails(state, (o) => ({ ...o, filter: o.filter + action.text }));
    case 'details-failures':
      return updateDetails(state, (o) => ({ ...o, failuresOnly: !o.failuresOnly }));
    case 'help-open':
      return { ...state, overlay: { kind: 'help' } };
    case 'log-open':
      return { ...state, overlay: { kind: 'log', filter: '', typing: false, bottom: null } };
    case 'log-move':
      return updateLog(state, (o) => ({
        ...o,
        bottom: movedBottom(state.log, o, action.move, bodyHeight(state)),
      }));
    case 'log-filter':
      return updateLog(state, (o) => editFilter(o, action.op, followNewest));
    case 'log-filter-input':
      return updateLog(state, (o) => followNewest({ ...o, filter: o.filter + action.text }));
    case 'overlay-close':
      return { ...state, overlay: { kind: 'none' } };
  }
}

/**
 * A typed filter's keys, the same in the details view and the event log; `changed` runs when
 * the text changes (the log then follows its newest entry again).
 */
function editFilter<T extends { typing: boolean; filter: string }>(
  o: T,
  op: FilterOp,
  changed: (o: T) => T = (x) => x,
): T {
  switch (op) {
    case 'open':
      return { ...o, typing: true };
    case 'keep':
      return { ...o, typing: false };
    case 'clear':
      return changed({ ...o, typing: false, filter: '' });
    case 'backspace':
      return changed({ ...o, filter: [...o.filter].slice(0, -1).join('') });
  }
}

/** The event log scrolled back to its newest entry. */
const followNewest = <T extends { bottom: number | null }>(o: T): T => ({ ...o, bottom: null });

function moveSelection(
  state: UiState,
  action: Extract<UiAction, { type: 'move' | 'move-page' | 'move-edge' }>,
): UiState {
  const rows = visibleRows(state);
  if (rows.length === 0) return state;
  const current = Math.max(
    0,
    rows.findIndex((r) => r.name === state.selected),
  );
  let target: number;
  if (action.type === 'move') target = current + action.delta;
  else if (action.type === 'move-page')
    target = current + action.direction * Math.max(1, bodyHeight(state) - 1);
  else target = action.edge === 'top' ? 0 : rows.length - 1;
  target = Math.min(rows.length - 1, Math.max(0, target));
  return { ...state, selected: rows.at(target)?.name ?? state.selected };
}

/** Nearest live row to `index` in `rows`, looking down first, then up. */
function neighbour(state: UiState, rows: RowList, index: number): string | null {
  const live = (i: number): string | undefined => {
    const name = rows.at(i)?.name;
    return name !== undefined && !isTombstone(state, name) ? name : undefined;
  };
  const start = Math.min(Math.max(0, index), rows.length - 1);
  for (let i = start; i < rows.length; i++) {
    const name = live(i);
    if (name !== undefined) return name;
  }
  for (let i = start - 1; i >= 0; i--) {
    const name = live(i);
    if (name !== undefined) return name;
  }
  return null;
}

/**
 * Keeps the selection on the same cassette (by name) and scrolled into view. When the
 * selected cassette is deleted or filtered out, the selection moves to its neighbour.
 */
function fixView(prev: UiState, next: UiState): UiState {
  const rows = visibleRows(next);
  let selected = next.selected;
  const at = selected === null ? -1 : rows.findIndex((r) => r.name === selected);
  if (at < 0 || selected === null || isTombstone(next, selected)) {
    let index = at;
    if (index < 0 && selected !== null) index = visibleRows(prev).findIndex((r) => r.name === selected);
    selected = rows.length === 0 ? null : neighbour(next, rows, Math.max(0, index));
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
            rows.findIndex((r) => r.name === selected),
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
