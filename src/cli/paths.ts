import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** The environment the paths depend on (process.env in the program, a plain object in tests). */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * An XDG base directory: the variable when it holds an absolute path (the XDG Base
 * Directory spec says to ignore a relative one), else `fallback` under the home directory.
 */
function xdgDir(env: Env, variable: string, fallback: string): string {
  const value = env[variable];
  if (value !== undefined && isAbsolute(value)) return value;
  return join(env.HOME || homedir(), fallback);
}

/** `$XDG_CONFIG_HOME/magneto-watch/config.json`, by default `~/.config/magneto-watch/config.json`. */
export function configPath(env: Env): string {
  return join(xdgDir(env, 'XDG_CONFIG_HOME', '.config'), 'magneto-watch', 'config.json');
}

/**
 * Where `--debug` writes in the terminal UI when no `--log-file` is given (the UI owns the
 * terminal): `$XDG_STATE_HOME/magneto-watch/debug.log`, by default `~/.local/state/magneto-watch/debug.log`.
 */
export function defaultDebugLogPath(env: Env): string {
  return join(xdgDir(env, 'XDG_STATE_HOME', join('.local', 'state')), 'magneto-watch', 'debug.log');
}
