/**
 * What `--help` adds after commander's options (README: Keys, Environment, Exit codes,
 * Usage): examples per command, the terminal UI's keys, the environment variables, the
 * config file and the exit codes. test/cli/help.test.ts checks the keys against README's table.
 */
import type { Command, Help } from 'commander';

/** The terminal UI's keys, as README's Keys table lists them. */
export const KEYS: readonly (readonly [string, string])[] = [
  ['↑/↓ j/k, PgUp/PgDn, g/G', 'move'],
  [
    'n',
    'new cassette (Tab moves between fields, ←/→ picks the mode, Ctrl-U clears a field, Enter creates, Esc cancels)',
  ],
  ['e', 'edit the description'],
  ['d / Delete', 'delete, after y'],
  ['/', 'filter (Enter keeps it, Esc clears it)'],
  ['s / S', 'sort by name, recorded, interactions / reverse'],
  ['p', 'pause live updates (they are counted) / resume'],
  ['r', 're-list from the server'],
  ['Enter', 'details and interactions'],
  ['o / v', 'open the file in $VISUAL or $EDITOR (default vi) / view it in $PAGER (default less)'],
  ['y / Y', 'copy the name / the file path, through the terminal (OSC 52)'],
  ['?', 'help'],
  ['q, Ctrl-C', 'quit'],
];

export const ENVIRONMENT: readonly (readonly [string, string])[] = [
  ['MAGNETO_URL', 'server to watch, like --url'],
  ['MAGNETO_TOKEN', 'bearer token, like --token (shows in the environment of the process)'],
  ['MAGNETO_TOKEN_FILE', 'file holding the bearer token, like --token-file'],
  ['MAGNETO_CASSETTE_DIR', 'cassette directory, like --dir'],
  ['XDG_CONFIG_HOME', 'where config.json is looked for (magneto-watch config path)'],
  ['XDG_STATE_HOME', 'where --debug writes in the terminal UI without --log-file'],
  ['NO_COLOR', 'no colour, like --theme mono'],
  ['FORCE_COLOR', 'colour even when the terminal does not say it has it (0: none)'],
  ['VISUAL, EDITOR', 'what o opens a cassette with (VISUAL first; default vi)'],
  ['PAGER', 'what v shows a cassette with (default less)'],
];

export const EXIT_CODES: readonly (readonly [string, string])[] = [
  ['0', 'done, or quit'],
  [
    '1',
    'failed: the server refused the token or is not a magneto server (--json, list, show), ' +
      'no such cassette, the cassette directory is missing, the port is taken, a token or log file cannot be used',
  ],
  ['2', 'usage: unknown command or option, a bad value in a flag, the environment or the config file'],
  ['70', 'internal error: a bug (the message has a stack trace; please report it)'],
];

export const CONFIG_TEXT =
  'Config file: $XDG_CONFIG_HOME/magneto-watch/config.json (default ~/.config/magneto-watch/config.json), ' +
  'e.g. {"url": "http://127.0.0.1:8889", "tokenFile": "~/.config/magneto-watch/token", "sort": "recorded", ' +
  '"columns": ["DESCRIPTION", "INTERACTIONS", "RECORDED"], "theme": "auto"}. ' +
  'Flags beat the environment, which beats the file.';

/** Each command's examples: what it does, then the command line. */
export const EXAMPLES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  'magneto-watch': [
    ['attach to 127.0.0.1:8889, or host ./cassettes there', 'magneto-watch'],
    [
      'watch a server with the token in a file',
      'magneto-watch --url http://ci:8889 --token-file ~/.mw-token',
    ],
    [
      'new cassettes, as they are recorded',
      `magneto-watch --json | jq -c 'select(.type == "CassetteCreated")'`,
    ],
    ['the names of every cassette', `magneto-watch list --json | jq -r '.[].name'`],
    ['one cassette and its interactions', 'magneto-watch show github-users'],
    ['tab completion in bash', 'source <(magneto-watch completion bash)'],
  ],
  serve: [
    ['serve ./cassettes on 127.0.0.1:8889', 'magneto-watch serve'],
    [
      'serve to the network, the token in a file',
      'magneto-watch serve --host 0.0.0.0 --token-file /run/secrets/mw',
    ],
  ],
  list: [
    ['newest first', 'magneto-watch list --sort recorded'],
    ['as JSON', `magneto-watch list --json | jq '.[] | select(.interactions_count == 0)'`],
  ],
  show: [['the details of one cassette as JSON', 'magneto-watch show github-users --json']],
  completion: [
    ['bash, now', 'source <(magneto-watch completion bash)'],
    ['zsh, for good', 'magneto-watch completion zsh > "${fpath[1]}/_magneto-watch"'],
    ['fish, for good', 'magneto-watch completion fish > ~/.config/fish/completions/magneto-watch.fish'],
  ],
};

function items(rows: readonly (readonly [string, string])[], helper: Help): string[] {
  const width = Math.max(...rows.map(([term]) => helper.displayWidth(term)));
  return rows.map(([term, text]) => helper.formatItem(term, width, text, helper));
}

/** The sections after commander's own help: examples for every command, the rest for the program. */
export function extraHelp(cmd: Command, helper: Help): string {
  const examples = EXAMPLES[cmd.name()] ?? [];
  const lines: string[] = [];
  if (examples.length > 0) {
    lines.push('Examples:');
    for (const [what, line] of examples) lines.push(`  # ${what}`, `  ${line}`);
    lines.push('');
  }
  if (cmd.parent === null) {
    lines.push(...helper.formatItemList('Keys (terminal UI):', items(KEYS, helper), helper));
    lines.push(...helper.formatItemList('Environment:', items(ENVIRONMENT, helper), helper));
    lines.push(helper.boxWrap(CONFIG_TEXT, helper.helpWidth ?? 80), '');
    lines.push(...helper.formatItemList('Exit codes:', items(EXIT_CODES, helper), helper));
  }
  // commander's help ends with one newline; a blank line separates each section.
  return lines.length > 0 ? `\n${lines.join('\n')}` : '';
}
