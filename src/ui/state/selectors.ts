import {
  alreadyExists,
  descriptionProblem,
  nameProblem,
  stemProblem,
  type CassetteSummary,
} from '../../protocol/index.js';
import type { RowList } from './row-list.js';
import { viewOf } from './row-view.js';
import { FADE_STEP_MS, FADE_STEPS, FLASH_MS, MAX_TOASTS, TOAST_MS, TOMBSTONE_MS } from './timing.js';
import type { FormState, Row, UiState } from './types.js';
import { liveSource, rowSource, type RowSources } from './visible.js';

/** The rows the table shows, in order (filtered, sorted, tombstones included). */
export function visibleRows(state: Pick<UiState, 'visible'>): RowList {
  return state.visible;
}

/** One row as the views draw it. */
export function rowOf(state: Pick<UiState, 'marks'>, summary: CassetteSummary): Row {
  return { ...state.marks.get(summary.name), key: summary.name, summary, view: viewOf(summary) };
}

/** A row of a deleted cassette, kept on screen for a moment. */
export function isTombstone(state: Pick<UiState, 'marks'>, name: string): boolean {
  return state.marks.get(name)?.deletedAt !== undefined;
}

export function toastLineCount(state: Pick<UiState, 'toasts' | 'more'>): number {
  return Math.min(MAX_TOASTS, state.toasts.length + (state.more.count > 0 ? 1 : 0));
}

/** Lines available to table rows: the frame is at most rows − 1 tall (status, column header, toasts, help line). */
export function bodyHeight(state: Pick<UiState, 'rows' | 'toasts' | 'more'>): number {
  return Math.max(1, state.rows - 1 - 3 - toastLineCount(state));
}

/** Cassettes the view counts: the engine's, or while paused, as many as when the pause began. */
export function liveCount(state: RowSources): number {
  let n = state.table.size;
  if (state.paused) {
    for (const [name, before] of state.paused.before) {
      n += (before !== undefined ? 1 : 0) - (state.table.has(name) ? 1 : 0);
    }
  }
  return n;
}

/**
 * Why the table does not offer to create or edit (the key bar and the help leave the key
 * out): the server cannot, or is not known yet; undefined when it can.
 */
export function cannotDo(state: Pick<UiState, 'info'>, verb: 'create' | 'edit'): string | undefined {
  if (verb === 'create' ? state.info.canCreate : state.info.canUpdate) return undefined;
  return state.info.flavor === 'unknown'
    ? `not connected yet: cannot ${verb} cassettes`
    : `this server cannot ${verb} cassettes`;
}

/** Where a cassette's file is on this machine, or why the UI cannot say. */
export type CassetteFile = { path: string } | { problem: string };

/**
 * Why `o`, `v` and `Y` cannot act on files here, or undefined when they can: they need the
 * cassette directory on this machine, the embedded host's or the one a loopback
 * magneto-watch server's Hello names (protocol.md §3.1); upstream and remote servers do
 * not say. A directory holding control characters could not be shown or pasted safely.
 */
export function filesProblem(state: Pick<UiState, 'dir' | 'info'>): string | undefined {
  const dir = state.dir ?? state.info.dir;
  if (dir === undefined)
    return 'the server does not say where its files are (a magneto-watch server on this machine does)';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(dir)) return 'the cassette directory holds control characters';
  return undefined;
}

/**
 * The file of cassette `key`: `<dir>/<key>.json` (protocol.md §1) when {@link filesProblem}
 * has nothing to say and the name is one safe path component (§1.2), so that the path
 * never leaves the directory.
 */
export function cassetteFile(state: Pick<UiState, 'dir' | 'info'>, key: string): CassetteFile {
  const problem = filesProblem(state);
  if (problem !== undefined) return { problem };
  const bad = stemProblem(key);
  if (bad !== undefined) return { problem: `not a file name: ${bad}` };
  const dir = (state.dir ?? state.info.dir) as string;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return { path: `${dir.replace(/[\\/]+$/, '')}${sep}${key}.json` };
}

/** The selected row, unless it is a tombstone. */
export function selectedRow(state: UiState): Row | undefined {
  if (state.selected === null) return undefined;
  const s = liveSource(state, state.selected);
  return s === undefined ? undefined : rowOf(state, s);
}

/** The row of `name` as the view shows it (tombstones included). */
export function findRow(state: RowSources, name: string): Row | undefined {
  const s = rowSource(state, name);
  return s === undefined ? undefined : rowOf(state, s);
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
  table: ReadonlyMap<string, CassetteSummary>,
): { field: 'name' | 'description'; message: string } | undefined {
  if (form.kind === 'create') {
    const problem = nameProblem(form.name);
    if (problem !== undefined) return { field: 'name', message: problem };
    if (table.has(form.name)) return { field: 'name', message: alreadyExists(form.name).message };
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
  for (const mark of state.marks.values()) {
    if (mark.deletedAt !== undefined) consider(mark.deletedAt + TOMBSTONE_MS);
    else if (mark.flash) {
      for (let step = 0; step <= FADE_STEPS; step++) consider(mark.flash.at + FLASH_MS + step * FADE_STEP_MS);
    }
  }
  // Interactions a refresh brought fade as table rows do.
  if (state.overlay.kind === 'details') {
    for (const at of state.overlay.fresh.values()) {
      for (let step = 0; step <= FADE_STEPS; step++) consider(at + FLASH_MS + step * FADE_STEP_MS);
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
