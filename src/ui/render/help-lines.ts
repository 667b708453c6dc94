import type { Theme } from './theme.js';

const HELP: [string, string][] = [
  ['↑/↓ j/k', 'move'],
  ['PgUp/PgDn g/G', 'page, first, last'],
  ['n', 'new cassette (tab next field, ←/→ mode, enter create, esc cancel)'],
  ['e', 'edit description and mode'],
  ['d / Delete', 'delete (y confirms)'],
  ['/', 'filter as you type (enter keeps, esc clears)'],
  ['s / S', 'sort by name, recorded, interactions / reverse'],
  ['p', 'pause live updates (again to apply them)'],
  ['r', 're-list from the server'],
  ['enter', 'details and interactions'],
  ['q', 'quit (in a view: back)'],
  ['Ctrl-C', 'quit, from anywhere'],
  ['', ''],
  ['+ ~ -', 'created, updated, deleted (flash)'],
];

export function helpLines(theme: Theme): string[] {
  return [theme.bold(' Keys'), '', ...HELP.map(([k, v]) => (k === '' ? '' : ` ${k.padEnd(16)}${v}`))];
}
