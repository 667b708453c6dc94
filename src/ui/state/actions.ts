import type { CassetteDetails, InteractionSummary } from '../../protocol/index.js';
import type { InspectorAction } from './inspector.js';
import type { DetailsMove } from './details.js';
import type { LogMove } from './log-view.js';
import type { SyncUpdate } from './types.js';

/** Everything that can change UI state. Engine updates arrive batched, once per frame. */
/** A key of a typed filter (the details view's, the event log's): start typing, keep, clear, erase. */
export type FilterOp = 'open' | 'keep' | 'clear' | 'backspace';

export type UiAction =
  | { type: 'tick'; now: number; updates: readonly SyncUpdate[] }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'move'; delta: number }
  | { type: 'move-page'; direction: 1 | -1 }
  | { type: 'move-edge'; edge: 'top' | 'bottom' }
  | { type: 'filter-open' }
  | { type: 'filter-input'; text: string }
  | { type: 'filter-backspace' }
  | { type: 'filter-keep' }
  | { type: 'filter-clear' }
  | { type: 'sort-cycle' }
  | { type: 'sort-reverse' }
  | { type: 'pause-toggle'; now: number }
  | { type: 'toast'; kind: 'info' | 'error'; text: string; now: number }
  | { type: 'form-open-create' }
  | { type: 'form-open-edit'; key: string }
  | { type: 'form-input'; text: string }
  | { type: 'form-backspace' }
  | { type: 'form-clear-field' }
  | { type: 'form-field'; delta: number }
  | { type: 'form-mode'; delta: number }
  | { type: 'form-submitting' }
  | { type: 'form-failed'; message: string; now: number }
  | { type: 'form-done' }
  | { type: 'confirm-delete'; key: string }
  | { type: 'delete-started'; key: string }
  | { type: 'delete-failed'; key: string; message: string; now: number }
  | { type: 'details-open'; key: string }
  | {
      type: 'details-loaded';
      key: string;
      details: CassetteDetails;
      interactions: InteractionSummary[];
      now: number;
    }
  | { type: 'details-failed'; key: string; message: string; now: number }
  | { type: 'details-scroll'; delta: number }
  | { type: 'details-move'; move: DetailsMove }
  | { type: 'details-filter'; op: FilterOp }
  | { type: 'details-filter-input'; text: string }
  | { type: 'details-failures' }
  | { type: 'help-open' }
  | { type: 'log-open' }
  | { type: 'log-move'; move: LogMove }
  | { type: 'log-filter'; op: FilterOp }
  | { type: 'log-filter-input'; text: string }
  | { type: 'overlay-close' }
  | InspectorAction;

export const tick = (now: number, updates: readonly SyncUpdate[] = []): UiAction => ({
  type: 'tick',
  now,
  updates,
});
export const resize = (columns: number, rows: number): UiAction => ({ type: 'resize', columns, rows });
export const move = (delta: number): UiAction => ({ type: 'move', delta });
export const movePage = (direction: 1 | -1): UiAction => ({ type: 'move-page', direction });
export const moveEdge = (edge: 'top' | 'bottom'): UiAction => ({ type: 'move-edge', edge });
export const filterOpen = (): UiAction => ({ type: 'filter-open' });
export const filterInput = (text: string): UiAction => ({ type: 'filter-input', text });
export const filterBackspace = (): UiAction => ({ type: 'filter-backspace' });
export const filterKeep = (): UiAction => ({ type: 'filter-keep' });
export const filterClear = (): UiAction => ({ type: 'filter-clear' });
export const sortCycle = (): UiAction => ({ type: 'sort-cycle' });
export const sortReverse = (): UiAction => ({ type: 'sort-reverse' });
export const pauseToggle = (now: number): UiAction => ({ type: 'pause-toggle', now });
export const toast = (kind: 'info' | 'error', text: string, now: number): UiAction => ({
  type: 'toast',
  kind,
  text,
  now,
});
export const formOpenCreate = (): UiAction => ({ type: 'form-open-create' });
export const formOpenEdit = (key: string): UiAction => ({ type: 'form-open-edit', key });
export const formInput = (text: string): UiAction => ({ type: 'form-input', text });
export const formBackspace = (): UiAction => ({ type: 'form-backspace' });
/** Ctrl-U, as in a shell: empties the focused text field. */
export const formClearField = (): UiAction => ({ type: 'form-clear-field' });
export const formField = (delta: number): UiAction => ({ type: 'form-field', delta });
export const formMode = (delta: number): UiAction => ({ type: 'form-mode', delta });
export const formSubmitting = (): UiAction => ({ type: 'form-submitting' });
export const formFailed = (message: string, now: number): UiAction => ({
  type: 'form-failed',
  message,
  now,
});
export const formDone = (): UiAction => ({ type: 'form-done' });
export const confirmDelete = (key: string): UiAction => ({ type: 'confirm-delete', key });
export const deleteStarted = (key: string): UiAction => ({ type: 'delete-started', key });
export const deleteFailed = (key: string, message: string, now: number): UiAction => ({
  type: 'delete-failed',
  key,
  message,
  now,
});
export const detailsOpen = (key: string): UiAction => ({ type: 'details-open', key });
/** What a fetch of the details brought, at `now` (a refresh flashes the new interactions). */
export const detailsLoaded = (
  key: string,
  details: CassetteDetails,
  interactions: InteractionSummary[],
  now: number,
): UiAction => ({ type: 'details-loaded', key, details, interactions, now });
export const detailsFailed = (key: string, message: string, now: number): UiAction => ({
  type: 'details-failed',
  key,
  message,
  now,
});
/** Moves the details' selection by `delta` interactions. */
export const detailsScroll = (delta: number): UiAction => ({ type: 'details-scroll', delta });
export const detailsMove = (move: DetailsMove): UiAction => ({ type: 'details-move', move });
export const detailsFilter = (op: FilterOp): UiAction => ({
  type: 'details-filter',
  op,
});
export const detailsFilterInput = (text: string): UiAction => ({ type: 'details-filter-input', text });
export const detailsFailures = (): UiAction => ({ type: 'details-failures' });
export const helpOpen = (): UiAction => ({ type: 'help-open' });
export const logOpen = (): UiAction => ({ type: 'log-open' });
export const logMove = (move: LogMove): UiAction => ({ type: 'log-move', move });
export const logFilter = (op: FilterOp): UiAction => ({
  type: 'log-filter',
  op,
});
export const logFilterInput = (text: string): UiAction => ({ type: 'log-filter-input', text });
export const overlayClose = (): UiAction => ({ type: 'overlay-close' });
