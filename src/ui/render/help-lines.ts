import { cannotDo } from '../state/selectors.js';
import type { UiState } from '../state/types.js';
import type { Theme } from './theme.js';

interface HelpEntry {
  keys: string;
  text: string;
  /** Shown only when this holds (what the server supports). */
  when?: (state: UiState) => boolean;
}

const HELP: HelpEntry[] = [
  { keys: '↑/↓ j/k', text: 'move' },
  { keys: 'PgUp/PgDn g/G', text: 'page, first, last' },
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
  { keys: 'q', text: 'quit (in a view: back)' },
  { keys: 'Ctrl-C', text: 'quit, from anywhere' },
  { keys: 'Ctrl-L', text: 'repaint the whole screen (after a garbled ssh link)' },
];

/** The help overlay: every key the table offers with this server, and the row markers. */
export function helpLines(state: UiState, theme: Theme): string[] {
  const line = (keys: string, text: string): string => ` ${keys.padEnd(16)}${text}`;
  const lines = [theme.bold(' Keys'), ''];
  for (const e of HELP) if (!e.when || e.when(state)) lines.push(line(e.keys, e.text));
  lines.push('', line('+ ~ -  ⚠', 'created, updated (12 +3: added), deleted · credentials in the file'));
  // Say why keys are missing, in the sentences pressing them shows.
  const notes = [cannotDo(state, 'create'), cannotDo(state, 'edit')].filter((n) => n !== undefined);
  if (notes.length > 0) lines.push('', ...notes.map((n) => theme.dim(` ${n}`)));
  return lines;
}
