/**
 * What shell completion knows of the command line, read from commander's own definitions
 * (so the scripts cannot drift from the options): commands, their options and what each
 * option's value and each command's argument complete to.
 */
import type { Command } from 'commander';
import { SORT_KEYS } from '../ui/state/types.js';
import { COLUMNS } from './choices.js';

/** What a value completes to: nothing to offer, files, folders, a fixed list, or cassette names from the server. */
export type ValueHint =
  | { kind: 'any' }
  | { kind: 'file' }
  | { kind: 'dir' }
  | { kind: 'words'; words: readonly string[] }
  | { kind: 'names' }
  | { kind: 'commands' };

export interface OptionSpec {
  /** `-v` and `--version`, or just `--url`. */
  names: string[];
  /** Undefined for a flag. */
  value?: ValueHint;
  description: string;
}

export interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  /** What the first argument completes to, if the command takes one. */
  argument?: ValueHint;
  commands: CommandSpec[];
}

/** Values that are not a list of choices, by option. */
const VALUE_HINTS: Readonly<Record<string, ValueHint>> = {
  '--dir': { kind: 'dir' },
  '--token-file': { kind: 'file' },
  '--log-file': { kind: 'file' },
  // Keys only: bash splits words at ':' (COMP_WORDBREAKS), so 'recorded:asc' would not complete cleanly.
  '--sort': { kind: 'words', words: SORT_KEYS },
  '--columns': { kind: 'words', words: COLUMNS },
};

/** Arguments that complete to something, by command. */
const ARGUMENT_HINTS: Readonly<Record<string, ValueHint>> = {
  show: { kind: 'names' },
};

function optionSpec(o: Command['options'][number]): OptionSpec {
  const names = [o.short, o.long].filter((n): n is string => n !== undefined);
  const takesValue = o.required || o.optional;
  let value: ValueHint | undefined;
  if (takesValue) {
    if (o.argChoices) value = { kind: 'words', words: o.argChoices };
    else value = VALUE_HINTS[o.long ?? ''] ?? { kind: 'any' };
  }
  return { names, ...(value ? { value } : {}), description: o.description };
}

export function commandSpec(cmd: Command): CommandSpec {
  const options = cmd.options.filter((o) => !o.hidden).map(optionSpec);
  options.push({ names: ['-h', '--help'], description: 'display help' });
  const commands = cmd.commands.map(commandSpec);
  const first = cmd.registeredArguments[0];
  let argument = ARGUMENT_HINTS[cmd.name()];
  if (argument === undefined && first?.argChoices) argument = { kind: 'words', words: first.argChoices };
  if (commands.length > 0) {
    // commander's implicit `help [command]`
    commands.push({
      name: 'help',
      description: 'display help for a command',
      options: [],
      argument: { kind: 'commands' },
      commands: [],
    });
  }
  return {
    name: cmd.name(),
    description: cmd.description(),
    options,
    ...(argument ? { argument } : {}),
    commands,
  };
}
