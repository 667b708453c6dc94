/**
 * The interaction inspector's state (issue 9, Deliver §4): which interaction, its answer or
 * why there is none, the tab, and where the page is scrolled, down and sideways.
 */
import type { Interaction } from '../../protocol/index.js';
import { inspectorDoc, inspectorTabs } from '../render/inspector-doc.js';
import { inspectorWindow } from '../render/inspector-lines.js';
import { panelHeight, screenWidth } from '../render/screen.js';
import type { Overlay, UiState } from './types.js';

type DetailsOverlay = Extract<Overlay, { kind: 'details' }>;

export interface InspectorOverlay {
  kind: 'inspector';
  /** The cassette, as the server spells it. */
  key: string;
  /** The interaction's index in the cassette (`InteractionSummary.index`). */
  index: number;
  /** The details view it was opened from: Esc and q return to it. */
  back: DetailsOverlay;
  /** The answer, as the server sent it (sanitised when drawn); absent while loading. */
  interaction?: Interaction;
  /** Why it could not be loaded: one sanitised line, with the error's code. */
  error?: string;
  /** Index into `inspectorTabs(interaction)`. */
  tab: number;
  /** First line of the page on screen. */
  scroll: number;
  /** Columns scrolled sideways. */
  left: number;
  /** The inspector's keys are shown in the page's place. */
  help: boolean;
}

export type InspectorMove = 'up' | 'down' | 'page-up' | 'page-down' | 'top' | 'bottom';

export type InspectorAction =
  | { type: 'openInspector'; index: number }
  | { type: 'inspector-loaded'; key: string; index: number; interaction: Interaction }
  | { type: 'inspector-failed'; key: string; index: number; message: string; now: number }
  | { type: 'inspector-move'; move: InspectorMove }
  | { type: 'inspector-sideways'; direction: 1 | -1 }
  | { type: 'inspector-tab'; delta: 1 | -1 }
  | { type: 'inspector-help' }
  | { type: 'inspector-close' };

const TYPES: ReadonlySet<string> = new Set<InspectorAction['type']>([
  'openInspector',
  'inspector-loaded',
  'inspector-failed',
  'inspector-move',
  'inspector-sideways',
  'inspector-tab',
  'inspector-help',
  'inspector-close',
]);

export function isInspectorAction(a: { type: string }): a is InspectorAction {
  return TYPES.has(a.type);
}

/** Columns one ←/→ press scrolls. */
export const SIDEWAYS_STEP = 8;

function update(state: UiState, f: (o: InspectorOverlay) => InspectorOverlay): UiState {
  const o = state.overlay;
  if (o.kind !== 'inspector') return state;
  const next = f(o);
  return next === o ? state : { ...state, overlay: next };
}

/** How far the page scrolls: down to its last line at the window's bottom, sideways to its widest line. */
function limits(state: UiState, o: InspectorOverlay): { rows: number; maxScroll: number; maxLeft: number } {
  const w = inspectorWindow(o, { width: screenWidth(state), height: panelHeight(state) });
  const tab = o.interaction ? inspectorTabs(o.interaction)[o.tab] : undefined;
  if (!o.interaction || !tab || o.help) return { rows: w.rows, maxScroll: 0, maxLeft: 0 };
  const doc = inspectorDoc(o.interaction, tab);
  return {
    rows: w.rows,
    maxScroll: Math.max(0, doc.lines.length - w.rows),
    maxLeft: Math.max(0, doc.width - w.columns),
  };
}

function moved(state: UiState, o: InspectorOverlay, move: InspectorMove): InspectorOverlay {
  const { rows, maxScroll } = limits(state, o);
  const page = Math.max(1, rows - 1);
  const target = {
    up: o.scroll - 1,
    down: o.scroll + 1,
    'page-up': o.scroll - page,
    'page-down': o.scroll + page,
    top: 0,
    bottom: maxScroll,
  }[move];
  const scroll = Math.min(maxScroll, Math.max(0, target));
  return scroll === o.scroll ? o : { ...o, scroll };
}

/** The inspector's part of the UI state machine (pure, like the reducer it belongs to). */
export function reduceInspector(state: UiState, action: InspectorAction): UiState {
  switch (action.type) {
    case 'openInspector': {
      const back = state.overlay;
      if (back.kind !== 'details') return state;
      const overlay: InspectorOverlay = {
        kind: 'inspector',
        key: back.key,
        index: action.index,
        back,
        tab: 0,
        scroll: 0,
        left: 0,
        help: false,
      };
      return { ...state, overlay };
    }
    case 'inspector-loaded':
    case 'inspector-failed': {
      const o = state.overlay;
      if (o.kind !== 'inspector' || o.key !== action.key || o.index !== action.index) return state;
      if (action.type === 'inspector-loaded')
        return { ...state, overlay: { ...o, interaction: action.interaction } };
      const { interaction: _i, ...rest } = o;
      return {
        ...state,
        log: state.log.append([{ kind: 'error', text: action.message, at: action.now }]),
        overlay: { ...rest, error: action.message },
      };
    }
    case 'inspector-move':
      return update(state, (o) => moved(state, o, action.move));
    case 'inspector-sideways':
      return update(state, (o) => {
        const { maxLeft } = limits(state, o);
        const left = Math.min(maxLeft, Math.max(0, o.left + action.direction * SIDEWAYS_STEP));
        return left === o.left ? o : { ...o, left };
      });
    case 'inspector-tab':
      return update(state, (o) => {
        const n = o.interaction ? inspectorTabs(o.interaction).length : 1;
        const tab = (((o.tab + action.delta) % n) + n) % n;
        return tab === o.tab ? o : { ...o, tab, scroll: 0, left: 0 };
      });
    case 'inspector-help':
      return update(state, (o) => ({ ...o, help: !o.help }));
    case 'inspector-close': {
      const o = state.overlay;
      if (o.kind !== 'inspector') return state;
      if (o.help) return { ...state, overlay: { ...o, help: false } };
      return { ...state, overlay: o.back };
    }
  }
}

export const openInspector = (index: number): InspectorAction => ({ type: 'openInspector', index });
export const inspectorLoaded = (key: string, index: number, interaction: Interaction): InspectorAction => ({
  type: 'inspector-loaded',
  key,
  index,
  interaction,
});
export const inspectorFailed = (
  key: string,
  index: number,
  message: string,
  now: number,
): InspectorAction => ({
  type: 'inspector-failed',
  key,
  index,
  message,
  now,
});
export const inspectorMove = (move: InspectorMove): InspectorAction => ({ type: 'inspector-move', move });
export const inspectorSideways = (direction: 1 | -1): InspectorAction => ({
  type: 'inspector-sideways',
  direction,
});
export const inspectorTab = (delta: 1 | -1): InspectorAction => ({ type: 'inspector-tab', delta });
export const inspectorHelp = (): InspectorAction => ({ type: 'inspector-help' });
export const inspectorClose = (): InspectorAction => ({ type: 'inspector-close' });
