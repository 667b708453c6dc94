import type { CassetteMode } from '../../protocol/index.js';
import { sanitize } from '../render/sanitize.js';
import * as A from '../state/actions.js';
import type { UiAction } from '../state/actions.js';
import { cannotDo, cassetteFile, formProblem, formTextField, selectedRow } from '../state/selectors.js';
import type { UiState } from '../state/types.js';
import { openInspector } from '../state/inspector.js';
import { inspectorKeys } from './inspector-keys.js';

/** The key fields the UI reads; Ink's `Key` fits. */
export interface KeyPress {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  meta?: boolean;
}

/** Work for the controller: calls on the engine, or quitting. */
export type Effect =
  | { type: 'quit' }
  | { type: 'repaint' }
  /** Runs the editor or the pager on a cassette's file, the UI suspended meanwhile. */
  | { type: 'open'; program: 'editor' | 'pager'; path: string }
  /** Puts text on the clipboard (OSC 52). */
  | { type: 'copy'; text: string }
  | { type: 'relist' }
  | { type: 'remove'; key: string }
  | { type: 'create'; input: { name: string; description: string | null; mode: CassetteMode } }
  | { type: 'update'; key: string; patch: { description: string | null; mode: CassetteMode } }
  | { type: 'details'; key: string }
  | { type: 'inspect'; key: string; index: number };

export interface KeyResult {
  actions: UiAction[];
  effect?: Effect;
}

const none: KeyResult = { actions: [] };
const act = (...actions: UiAction[]): KeyResult => ({ actions });

/** Printable text typed (not a named key, not a control chord). */
function typed(input: string, key: KeyPress): string | undefined {
  if (key.ctrl || key.meta || key.escape || key.return || key.tab) return undefined;
  if (input === '' || /[\u0000-\u001f\u007f]/.test(input)) return undefined;
  return input;
}

/**
 * The keys that act on a cassette's file, from the table or its details: `o` edits it,
 * `v` pages it, `y` copies its name, `Y` its path. What cannot be done says why.
 */
function fileKeys(state: UiState, key: string, input: string, now: number): KeyResult | undefined {
  if (input !== 'o' && input !== 'v' && input !== 'y' && input !== 'Y') return undefined;
  if (input === 'y') return copy('name', key, now);
  const file = cassetteFile(state, key);
  if ('problem' in file) {
    const verb = input === 'Y' ? 'cannot copy the path' : 'cannot open the file';
    return act(A.toast('error', `${verb}: ${file.problem}`, now));
  }
  if (input === 'Y') return copy('path', file.path, now);
  return {
    actions: [],
    effect: { type: 'open', program: input === 'o' ? 'editor' : 'pager', path: file.path },
  };
}

/** Copies `text` and says so; text a terminal would not show as it is stays off the clipboard. */
function copy(what: 'name' | 'path', text: string, now: number): KeyResult {
  if (sanitize(text) !== text)
    return act(A.toast('error', `cannot copy the ${what}: it holds control characters`, now));
  return { actions: [A.toast('info', `Copied ${text}`, now)], effect: { type: 'copy', text } };
}

function tableKeys(state: UiState, input: string, key: KeyPress, now: number): KeyResult {
  if (key.upArrow || input === 'k') return act(A.move(-1));
  if (key.downArrow || input === 'j') return act(A.move(1));
  if (key.pageUp) return act(A.movePage(-1));
  if (key.pageDown) return act(A.movePage(1));
  if (key.home || input === 'g') return act(A.moveEdge('top'));
  if (key.end || input === 'G') return act(A.moveEdge('bottom'));
  if (input === 'q') return { actions: [], effect: { type: 'quit' } };
  if (input === '/') return act(A.filterOpen());
  if (key.escape && state.filter !== '') return act(A.filterClear());
  if (input === 's') return act(A.sortCycle());
  if (input === 'S') return act(A.sortReverse());
  if (input === 'p') return act(A.pauseToggle(now));
  if (input === 'r') return { actions: [], effect: { type: 'relist' } };
  if (input === '?') return act(A.helpOpen());
  if (input === 'L') return act(A.logOpen());
  if (input === 'n') {
    const cannot = cannotDo(state, 'create');
    return act(cannot === undefined ? A.formOpenCreate() : A.toast('error', cannot, now));
  }
  const row = selectedRow(state);
  const onFile = row ? fileKeys(state, row.key, input, now) : undefined;
  if (onFile) return onFile;
  if (input === 'e' && row) {
    const cannot = cannotDo(state, 'edit');
    return act(cannot === undefined ? A.formOpenEdit(row.key) : A.toast('error', cannot, now));
  }
  if ((input === 'd' || key.delete) && row && !row.deleting) return act(A.confirmDelete(row.key));
  if (key.return && row)
    return { actions: [A.detailsOpen(row.key)], effect: { type: 'details', key: row.key } };
  return none;
}

/** The event log: scroll like the table, `/` filters as the table's filter does, q or Esc back. */
function logKeys(typing: boolean, input: string, key: KeyPress): KeyResult {
  if (typing) {
    if (key.escape) return act(A.logFilter('clear'));
    if (key.return) return act(A.logFilter('keep'));
    if (key.backspace || key.delete) return act(A.logFilter('backspace'));
    const text = typed(input, key);
    return text === undefined ? none : act(A.logFilterInput(text));
  }
  if (key.upArrow || input === 'k') return act(A.logMove('up'));
  if (key.downArrow || input === 'j') return act(A.logMove('down'));
  if (key.pageUp) return act(A.logMove('page-up'));
  if (key.pageDown) return act(A.logMove('page-down'));
  if (key.home || input === 'g') return act(A.logMove('oldest'));
  if (key.end || input === 'G') return act(A.logMove('newest'));
  if (input === '/') return act(A.logFilter('open'));
  if (input === 'q' || key.escape) return act(A.overlayClose());
  return none;
}

/**
 * The details: j/k ↑/↓ PgUp/PgDn g/G move the selection, `/` filters as the table's filter
 * does, `f` shows failures only; q goes back, as in mitmproxy (only the table's q quits;
 * Ctrl-C always does); Esc clears the filter first, then goes back.
 */
function detailsKeys(typing: boolean, filter: string, input: string, key: KeyPress): KeyResult {
  if (typing) {
    if (key.escape) return act(A.detailsFilter('clear'));
    if (key.return) return act(A.detailsFilter('keep'));
    if (key.backspace || key.delete) return act(A.detailsFilter('backspace'));
    if (key.upArrow) return act(A.detailsMove('up'));
    if (key.downArrow) return act(A.detailsMove('down'));
    const text = typed(input, key);
    return text === undefined ? none : act(A.detailsFilterInput(text));
  }
  if (key.upArrow || input === 'k') return act(A.detailsMove('up'));
  if (key.downArrow || input === 'j') return act(A.detailsMove('down'));
  if (key.pageUp) return act(A.detailsMove('page-up'));
  if (key.pageDown) return act(A.detailsMove('page-down'));
  if (key.home || input === 'g') return act(A.detailsMove('top'));
  if (key.end || input === 'G') return act(A.detailsMove('bottom'));
  if (input === '/') return act(A.detailsFilter('open'));
  if (input === 'f') return act(A.detailsFailures());
  if (input === 'q') return act(A.overlayClose());
  if (key.escape && filter !== '') return act(A.detailsFilter('clear'));
  if (key.escape || key.return || key.backspace || key.delete) return act(A.overlayClose());
  return none;
}

function formKeys(state: UiState, input: string, key: KeyPress): KeyResult {
  if (state.overlay.kind !== 'form') return none;
  const form = state.overlay.form;
  if (key.escape) return act(A.formDone());
  if (form.submitting) return none;
  if (key.return) {
    if (formProblem(form, state.table) !== undefined) return none;
    const description = form.description.trim() === '' ? null : form.description;
    const effect: Effect =
      form.kind === 'create'
        ? { type: 'create', input: { name: form.name, description, mode: form.mode } }
        : { type: 'update', key: form.target ?? form.name, patch: { description, mode: form.mode } };
    return { actions: [A.formSubmitting()], effect };
  }
  if (key.tab && key.shift) return act(A.formField(-1));
  if (key.tab || key.downArrow) return act(A.formField(1));
  if (key.upArrow) return act(A.formField(-1));
  if (formTextField(form) === undefined) {
    if (key.leftArrow) return act(A.formMode(-1));
    if (key.rightArrow || input === ' ') return act(A.formMode(1));
    return none;
  }
  if (key.backspace || key.delete) return act(A.formBackspace());
  if (key.ctrl && input === 'u') return act(A.formClearField());
  const text = typed(input, key);
  return text === undefined ? none : act(A.formInput(text));
}

/**
 * Maps one key press to state actions and at most one effect. Only the key → intent
 * mapping lives here; the reducer decides what the actions do.
 */
export function keyToCommands(state: UiState, input: string, key: KeyPress, now: number): KeyResult {
  if (key.ctrl && input === 'c') return { actions: [], effect: { type: 'quit' } };
  // Ctrl-L, as in a shell or less: in every view, even while typing.
  if (key.ctrl && input === 'l') return { actions: [], effect: { type: 'repaint' } };
  const o = state.overlay;
  switch (o.kind) {
    case 'none':
      return tableKeys(state, input, key, now);
    case 'filter': {
      if (key.escape) return act(A.filterClear());
      if (key.return) return act(A.filterKeep());
      if (key.upArrow) return act(A.move(-1));
      if (key.downArrow) return act(A.move(1));
      if (key.backspace || key.delete) return act(A.filterBackspace());
      const text = typed(input, key);
      return text === undefined ? none : act(A.filterInput(text));
    }
    case 'form':
      return formKeys(state, input, key);
    case 'confirm-delete':
      if (input === 'y') return { actions: [A.deleteStarted(o.key)], effect: { type: 'remove', key: o.key } };
      return act(A.overlayClose());
    case 'details': {
      // The file keys (o v y Y) act on the cassette shown, except while a filter is typed.
      if (!o.typing && input !== 'q') {
        const onFile = fileKeys(state, o.key, input, now);
        if (onFile) return onFile;
      }
      // Enter opens the selected interaction in the inspector (issue 9, Deliver §4).
      if (!o.typing && key.return && o.selected !== undefined)
        return {
          actions: [openInspector(o.selected)],
          effect: { type: 'inspect', key: o.key, index: o.selected },
        };
      return detailsKeys(o.typing, o.filter, input, key);
    }
    case 'help':
      return act(A.overlayClose());
    case 'log':
      return logKeys(o.typing, input, key);
    case 'inspector':
      return inspectorKeys(o, input, key);
  }
}
