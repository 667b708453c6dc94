/**
 * `magneto-watch list` and `magneto-watch show NAME`: one answer for a script, from any
 * server (ours or upstream), through the engine's REST helpers without the live
 * connection. Errors are one line and exit 1 (main.ts).
 */
import { createSync } from '../client/index.js';
import type { SyncEngine } from '../client/types.js';
import {
  ErrorCode,
  MagnetoError,
  notFound,
  type CassetteDetails,
  type CassetteSummary,
} from '../protocol/index.js';
import { sanitize } from '../ui/render/sanitize.js';
import { comparator } from '../ui/state/visible.js';
import type { Column, Sort } from './choices.js';
import type { DebugLog } from './debug-log.js';
import { safeJson } from './json-out.js';
import { DEFAULT_LIST_COLUMNS, listTable } from './list-table.js';
import { showLines, type InteractionList } from './show-text.js';

export interface OneShotOptions {
  /** @default http://127.0.0.1:8889 */
  url: string;
  token?: string;
  /** The whole command gives up after this long (a blackholed host); `--timeout`, 10 000 by default. */
  timeoutMs: number;
  debug?: DebugLog;
}

/** Writes `text` to stdout; a reader that went away (`| head`) ends the command quietly. */
function print(text: string): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.once('error', () => process.exit(0));
    process.stdout.write(text, () => resolve());
  });
}

/** Runs `f` on an engine that is never started, stopped (and its requests aborted) after `timeoutMs`. */
async function withEngine<T>(o: OneShotOptions, f: (engine: SyncEngine) => Promise<T>): Promise<T> {
  const engine = createSync({
    url: o.url,
    ...(o.token !== undefined ? { token: o.token } : {}),
    ...(o.debug ? { log: o.debug.log } : {}),
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void engine.stop();
  }, o.timeoutMs);
  try {
    return await f(engine);
  } catch (error) {
    if (timedOut)
      throw new MagnetoError(ErrorCode.Network, `no answer from ${o.url} within ${o.timeoutMs / 1000} s`);
    throw error;
  } finally {
    clearTimeout(timer);
    await engine.stop();
  }
}

export interface ListOptions extends OneShotOptions {
  json: boolean;
  /** Names only, one per line, A to Z (what shell completion asks for). */
  names: boolean;
  sort?: Sort;
  columns?: readonly Column[];
  /** The terminal's width when stdout is one. */
  width?: number;
}

export async function list(o: ListOptions): Promise<void> {
  const cassettes = await withEngine(o, (engine) => engine.list());
  const sorted = [...cassettes].sort(
    comparator(o.names ? { key: 'name', reverse: false } : (o.sort ?? { key: 'name', reverse: false })),
  );
  if (o.names) {
    if (sorted.length > 0) await print(sorted.map((c) => sanitize(c.name)).join('\n') + '\n');
    return;
  }
  if (o.json) return print(safeJson(sorted, 2) + '\n');
  if (sorted.length === 0) {
    process.stderr.write('magneto-watch: no cassettes\n');
    return;
  }
  const lines = listTable(sorted, {
    columns: o.columns ?? DEFAULT_LIST_COLUMNS,
    now: Date.now(),
    ...(o.width !== undefined ? { width: o.width } : {}),
  });
  await print(lines.join('\n') + '\n');
}

export interface ShowOptions extends OneShotOptions {
  name: string;
  json: boolean;
}

/**
 * The details, then the interactions. The engine does not know the server's kind before a
 * listing: a 404 from `/api/cassettes/NAME` may be an upstream REST server (no `/api`), so
 * then a listing tells whether the cassette exists and which routes to use (protocol.md §4.5).
 */
async function fetchShow(engine: SyncEngine, name: string): Promise<[CassetteDetails, InteractionList]> {
  let details: CassetteDetails;
  try {
    details = await engine.details(name);
  } catch (error) {
    if (!(error instanceof MagnetoError) || error.code !== ErrorCode.NotFound) throw error;
    const all: CassetteSummary[] = await engine.list();
    if (!all.some((c) => c.name === name)) throw notFound(name);
    if (engine.info.flavor !== 'upstream-rest') throw error;
    details = await engine.details(name);
  }
  try {
    return [details, { list: await engine.interactions(name) }];
  } catch (error) {
    const why = error instanceof MagnetoError ? error.code : undefined;
    if (why === ErrorCode.Unsupported || why === ErrorCode.Unreadable)
      return [details, { unavailable: (error as Error).message }];
    throw error;
  }
}

export async function show(o: ShowOptions): Promise<void> {
  const [details, interactions] = await withEngine(o, (engine) => fetchShow(engine, o.name));
  if (o.json) {
    const doc =
      'list' in interactions
        ? { ...details, interactions: interactions.list }
        : { ...details, interactions: null, interactions_unavailable: interactions.unavailable };
    return print(safeJson(doc, 2) + '\n');
  }
  await print(showLines(details, interactions, Date.now()).join('\n') + '\n');
}
