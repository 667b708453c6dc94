/**
 * Where each setting comes from: flags beat the environment, which beats the config file,
 * which beats the defaults (README, Config file). Pure: the caller reads flags, the
 * environment and the file.
 */
import { ErrorCode, MagnetoError } from '../protocol/index.js';
import { parseBaseUrl } from '../client/urls.js';
import { colorOf, type Column, type Sort, type Theme } from './choices.js';
import type { Config } from './config.js';
import type { Env } from './paths.js';
import { readTokenFile } from './token-file.js';

/** Flags shared by the commands that talk to a server; commander has checked their values. */
export interface ConnectFlags {
  url?: string;
  token?: string;
  tokenFile?: string;
}

/** Flags of the terminal UI's look. */
export interface ViewFlags {
  sort?: Sort;
  columns?: Column[];
  theme?: Theme;
}

/** Where the token comes from, if anywhere; read by {@link readToken}. */
export type TokenSource = { kind: 'value'; token: string } | { kind: 'file'; path: string };

export interface ConnectSettings {
  /** The server; undefined means the default (attach to or host 127.0.0.1:8889). */
  url?: string;
  token?: TokenSource;
}

export interface ViewSettings {
  sort?: Sort;
  columns?: Column[];
  /** The UI's `color`: undefined lets the terminal decide. */
  color?: boolean;
}

/** An environment variable, or undefined when unset or empty (`MAGNETO_URL=` means "none"). */
export function fromEnv(env: Env, name: string): string | undefined {
  return env[name] || undefined;
}

function envUrl(env: Env): string | undefined {
  const raw = fromEnv(env, 'MAGNETO_URL');
  if (raw === undefined) return undefined;
  const base = parseBaseUrl(raw);
  if ('error' in base) throw new MagnetoError(ErrorCode.BadUrl, `MAGNETO_URL: ${base.error}`);
  return base.origin + base.prefix;
}

/** The token: `--token`/`--token-file` (never both), else `MAGNETO_TOKEN`/`MAGNETO_TOKEN_FILE` (never both), else the config's `tokenFile`. */
export function tokenSource(flags: ConnectFlags, env: Env, config: Config = {}): TokenSource | undefined {
  if (flags.token !== undefined) return { kind: 'value', token: flags.token };
  if (flags.tokenFile !== undefined) return { kind: 'file', path: flags.tokenFile };
  const token = fromEnv(env, 'MAGNETO_TOKEN');
  const file = fromEnv(env, 'MAGNETO_TOKEN_FILE');
  if (token !== undefined && file !== undefined)
    throw new MagnetoError(ErrorCode.Usage, 'MAGNETO_TOKEN and MAGNETO_TOKEN_FILE are both set: unset one');
  if (token !== undefined) return { kind: 'value', token };
  if (file !== undefined) return { kind: 'file', path: file };
  if (config.tokenFile !== undefined) return { kind: 'file', path: config.tokenFile };
  return undefined;
}

export function connectSettings(flags: ConnectFlags, env: Env, config: Config = {}): ConnectSettings {
  const url = flags.url ?? envUrl(env) ?? config.url;
  const token = tokenSource(flags, env, config);
  return { ...(url !== undefined ? { url } : {}), ...(token ? { token } : {}) };
}

/** The theme: `--theme`, else NO_COLOR (mono) or FORCE_COLOR (0 is mono, else color), else the config's. */
function theme(flags: ViewFlags, env: Env, config: Config): Theme {
  if (flags.theme !== undefined) return flags.theme;
  if (fromEnv(env, 'NO_COLOR') !== undefined) return 'mono';
  const force = fromEnv(env, 'FORCE_COLOR');
  if (force !== undefined) return force === '0' || force === 'false' ? 'mono' : 'color';
  return config.theme ?? 'auto';
}

export function viewSettings(flags: ViewFlags, env: Env, config: Config = {}): ViewSettings {
  const sort = flags.sort ?? config.sort;
  const columns = flags.columns ?? config.columns;
  const color = colorOf(theme(flags, env, config));
  return {
    ...(sort ? { sort } : {}),
    ...(columns ? { columns } : {}),
    ...(color !== undefined ? { color } : {}),
  };
}

/** Reads the token (a file once); `warn` receives a token file's warning line. */
export async function readToken(
  source: TokenSource | undefined,
  warn: (line: string) => void,
): Promise<string | undefined> {
  if (source === undefined) return undefined;
  if (source.kind === 'value') return source.token;
  const { token, warning } = await readTokenFile(source.path);
  if (warning !== undefined) warn(warning);
  return token;
}
