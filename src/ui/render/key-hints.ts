import { cannotDo, filesProblem } from '../state/selectors.js';
import type { UiState } from '../state/types.js';
import { inspectorTabs } from './inspector-doc.js';

/** One hint of the key bar: `keys label`, e.g. `? help`. */
export interface Hint {
  keys: string;
  label: string;
  /**
   * Which goes first when the bar is too narrow: the highest rank. 0 is never dropped: the
   * keys that lead a newcomer to the others (`? help`, `q quit`, a way back).
   */
  rank: number;
}

const hint = (keys: string, label: string, rank: number): Hint => ({ keys, label, rank });

/** The cassette directory is known on this machine: o, v and Y can act on files. */
export function knowsFiles(state: UiState): boolean {
  return filesProblem(state) === undefined;
}

/** The table's keys, in the order the bar shows them; only what the server supports. */
function tableHints(state: UiState): Hint[] {
  const hints: Hint[] = [];
  if (cannotDo(state, 'create') === undefined) hints.push(hint('n', 'new', 4));
  if (cannotDo(state, 'edit') === undefined) hints.push(hint('e', 'edit', 5));
  hints.push(
    hint('d', 'delete', 6),
    hint('/', 'filter', 2),
    hint('s', 'sort', 8),
    hint('p', 'pause', 9),
    hint('r', 're-list', 10),
    hint('enter', 'details', 3),
    hint('L', 'log', 7),
  );
  if (knowsFiles(state)) hints.push(hint('o', 'open', 11));
  hints.push(hint('?', 'help', 0), hint('q', 'quit', 0));
  return hints;
}

/** `tab request/response`: the tabs Tab goes through; none for a single tab. */
function tabHint(tabs: readonly string[]): Hint[] {
  return tabs.length > 1 ? [hint('tab', tabs.join('/').toLowerCase(), 1)] : [];
}

/** The keys of what is on screen, for the key bar (README, Keys; the help overlay lists them all). */
export function keyHints(state: UiState): Hint[] {
  const o = state.overlay;
  switch (o.kind) {
    case 'form': {
      const verb = o.form.kind === 'create' ? 'create' : 'save';
      return [
        hint('enter', verb, 0),
        hint('tab/↓', 'next field', 2),
        hint('←/→', 'mode', 3),
        hint('ctrl-u', 'clear field', 4),
        hint('esc', 'cancel', 0),
      ];
    }
    case 'details': {
      const files = knowsFiles(state)
        ? [hint('o', 'open', 4), hint('v', 'view', 5), hint('Y', 'copy path', 8)]
        : [];
      return [
        hint('j/k', 'select', 2),
        hint('/', 'filter', 1),
        hint('f', o.failuresOnly ? 'all' : 'failures', 3),
        ...files.slice(0, 2),
        hint('y', 'copy name', 7),
        ...files.slice(2),
        hint('esc/q', 'back', 0),
      ];
    }
    case 'inspector':
      if (o.help || !o.interaction) return [hint('esc/q', 'back', 0)];
      return [
        hint('j/k', 'scroll', 2),
        hint('PgUp/PgDn', 'page', 4),
        hint('g/G', 'top/bottom', 5),
        hint('←/→', 'sideways', 3),
        ...tabHint(inspectorTabs(o.interaction)),
        hint('?', 'help', 0),
        hint('esc/q', 'back', 0),
      ];
    case 'help':
      return [hint('esc/q', 'back', 0)];
    case 'log':
      return [
        hint('j/k', 'scroll', 2),
        hint('PgUp/PgDn', 'page', 4),
        hint('g/G', 'oldest/newest', 3),
        hint('/', 'filter', 1),
        hint('esc/q', 'back', 0),
      ];
    default:
      return tableHints(state);
  }
}
