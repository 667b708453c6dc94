/**
 * The config file (README, Config file): `$XDG_CONFIG_HOME/magneto-watch/config.json`,
 * read by the commands that talk to a server (the UI, `--json`, `list`, `show`) and by
 * `demo` for the UI's settings. Flags beat the environment, which beats the file.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ErrorCode, MagnetoError } from '../protocol/index.js';
import { parseBaseUrl } from '../client/urls.js';
import { parseColumns, parseSort, parseTheme, type Column, type Sort, type Theme } from './choices.js';

/** What a valid config file says; every key is optional. */
export interface Config {
  /** The server, as `--url` (normalised). */
  url?: string;
  /** Absolute path of the token file, as `--token-file` (relative paths are from the config's folder, `~/` is home). */
  tokenFile?: string;
  sort?: Sort;
  columns?: Column[];
  theme?: Theme;
}

export const CONFIG_KEYS = ['url', 'tokenFile', 'sort', 'columns', 'theme'] as const;

function bad(path: string, message: string): MagnetoError {
  return new MagnetoError(ErrorCode.BadConfig, `${path}: ${message}`);
}

function valueOf<T>(path: string, key: string, parsed: T | { error: string }): T {
  if (typeof parsed === 'object' && parsed !== null && 'error' in parsed)
    throw bad(path, `${JSON.stringify(key)}: ${parsed.error}`);
  return parsed as T;
}

function stringOf(path: string, key: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw bad(path, `${JSON.stringify(key)} must be a non-empty string`);
  return value;
}

/** `~/x` is in the home folder; a relative path is relative to the config file's folder. */
function filePath(configFile: string, value: string): string {
  if (value === '~' || value.startsWith('~/')) return join(homedir(), value.slice(1));
  return isAbsolute(value) ? value : resolve(dirname(configFile), value);
}

/** Checks a parsed config document; throws `bad_config` naming the file and the key. */
export function parseConfig(path: string, doc: unknown): Config {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw bad(path, 'expected a JSON object, e.g. {"url": "http://127.0.0.1:8889"}');
  const config: Config = {};
  for (const [key, value] of Object.entries(doc)) {
    switch (key) {
      case 'url': {
        const base = valueOf(path, key, parseBaseUrl(stringOf(path, key, value)));
        config.url = base.origin + base.prefix;
        break;
      }
      case 'tokenFile':
        config.tokenFile = filePath(path, stringOf(path, key, value));
        break;
      case 'sort':
        config.sort = valueOf(path, key, parseSort(stringOf(path, key, value)));
        break;
      case 'columns':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
          throw bad(path, '"columns" must be an array of column names, e.g. ["DESCRIPTION", "RECORDED"]');
        config.columns = valueOf(path, key, parseColumns(value));
        break;
      case 'theme':
        config.theme = valueOf(path, key, parseTheme(stringOf(path, key, value)));
        break;
      default:
        throw bad(path, `unknown key ${JSON.stringify(key)} (known: ${CONFIG_KEYS.join(', ')})`);
    }
  }
  return config;
}

/** Reads and checks the config file; an absent file is an empty config. */
export async function loadConfig(path: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    throw bad(path, `cannot be read (${code ?? (error as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw bad(path, `not valid JSON (${(error as Error).message})`);
  }
  return parseConfig(path, doc);
}
