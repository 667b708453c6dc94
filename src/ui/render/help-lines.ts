import { cannotDo, filesProblem } from '../state/selectors.js';
import type { UiState } from '../state/types.js';
import { knowsFiles } from './key-hints.js';
import type { Theme } from './theme.js';

interface HelpEntry {
  keys: string;
  text: string;
  /** Shown only when this holds (what the server supports, what is known here). */
  when?: (state: UiState) => boolean;
}

const HELP: HelpEntry[] = [
  { keys: '↑/↓ j/k g/G', text: 'move, first, last (PgUp/PgDn: a page)' },
  {
    keys: 'n',
    text: 'new cassette (tab next field, ←/→ mode, enter create, esc cancel)',
    when: (s) => cannotDo(s, 'create') === undefined,
  },
  { keys: 'e', text: 'edit description and mode', when: (s) => cannotDo(s, 'edit') === undefined },
  { keys: 'd / Delete', text: 'delete (y confirms)' },
  { keys: '/', text: 'filter as you type (enter keeps, esc clears)' },
  { keys: 's / S', text: 'sort by name, recorded, interactions / reverse' },
  { keys: 'p', text: 'pause live updates (again to apply them)' },
  { keys: 'r', text: 're-list from the server' },
  { keys: 'enter', text: 'details and interactions, live (/ filter, f failures only)' },
  { keys: 'L', text: 'event log: the last 1 000 changes, connection changes and errors' },
  { keys: 'o / v', text: 'open the file in $VISUAL/$EDITOR / view it in $PAGER', when: knowsFiles },
  {
    keys: 'y / Y',
    text: 'copy the name / the file path (OSC 52: tmux needs set-clipboard on)',
    when: knowsFiles,
  },
  { keys: 'y', text: 'copy the name (OSC 52: tmux needs set-clipboard on)', when: (s) => !knowsFiles(s) },
  { keys: 'q / Ctrl-C', text: 'back (from the table: quit) / quit from anywhere' },
  { keys: 'Ctrl-L', text: 'repaint the whole screen (after a garbled ssh link)' },
];

/**
 * The help overlay: every key the table offers with this server, and the row markers. Why
 * keys are missing is said under the title, in the sentences pressing them shows.
 */
export function helpLines(state: UiState, theme: Theme): string[] {
  const line = (keys: string, text: string): string => ` ${keys.padEnd(16)}${text}`;
  const files = filesProblem(state);
  const notes = [
    cannotDo(state, 'create'),
    cannotDo(state, 'edit'),
    files === undefined ? undefined : `o, v, Y: ${files}`,
  ].filter((n) => n !== undefined);
  // One note a line, where the blank line under the title was: the help keeps its height.
  const lines = [theme.bold(' Keys'), ...(notes.length > 0 ? notes.map((n) => theme.dim(` ${n}`)) : [''])];
  for (const e of HELP) if (!e.when || e.when(state)) lines.push(line(e.keys, e.text));
  lines.push('', line('+ ~ - ! ⚠', 'created, updated (12 +3: added), deleted, unreadable; secrets'));
  return lines;
}
