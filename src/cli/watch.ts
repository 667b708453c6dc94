/**
 * The default command: the terminal UI, or NDJSON with `--json` (or when stdin or stdout
 * is not a terminal), against `--url` or an embedded server (README, Usage).
 */
import { resolve } from 'node:path';
import { homedir } from 'node:os';
import { createSync } from '../client/index.js';
import { VERSION } from '../protocol/index.js';
import type { MagnetoServer } from '../server/index.js';
import { sanitize } from '../ui/render/sanitize.js';
import { openDebugLog, type DebugLog } from './debug-log.js';
import { externalPrograms } from './external-programs.js';
import { streamNdjson } from './ndjson.js';
import { defaultDebugLogPath, type Env } from './paths.js';
import { onShutdown } from './shutdown.js';
import type { ViewSettings } from './settings.js';
import { tuneV8ForTerminalUi } from './v8-flags.js';
import { systemClock } from '../protocol/clock.js';

// Loaded only when needed: a terminal watching --url never pays for fastify.
const loadHost = () => import('./host.js');

/** What `--debug` and `--log-file` asked for. */
export interface DebugRequest {
  /** `--debug` or `--log-file`. */
  enabled: boolean;
  /** `--log-file`: where to append. */
  file?: string;
}

export interface WatchOptions {
  /** The server (flag, environment or config file); undefined: attach to or host 127.0.0.1:8889. */
  url?: string;
  /** Cassette directory to host when no server answers. */
  dir: string;
  token?: string;
  /** `--json`; NDJSON also when stdin or stdout is not a terminal. */
  json: boolean;
  pollIntervalMs?: number;
  view: ViewSettings;
  debug: DebugRequest;
  env: Env;
  /** The built web page a server this process starts serves at `/`. @default none */
  pageDir?: string;
}

/** A server this process already runs (the demo's). */
export interface Hosted {
  server: MagnetoServer;
  notice?: string;
  /** Runs after the engine and server are closed (the demo removes its temp copy). */
  cleanup?: () => Promise<void>;
}

/** `~/…` for a path in the home folder, as a status line shows it. */
function tildePath(path: string): string {
  const home = homedir();
  return path.startsWith(home + '/') ? `~${path.slice(home.length)}` : path;
}

/**
 * Opens the debug log: `--log-file`, else stderr for NDJSON, else (the UI owns the
 * terminal) the default file in the state folder.
 */
function openDebug(request: DebugRequest, json: boolean, env: Env): DebugLog | undefined {
  if (!request.enabled) return undefined;
  if (request.file !== undefined) return openDebugLog({ file: request.file }, systemClock);
  if (json) return openDebugLog({ stream: (t) => void process.stderr.write(t), name: 'stderr' }, systemClock);
  return openDebugLog({ file: defaultDebugLogPath(env), createDir: true }, systemClock);
}

export async function watch(o: WatchOptions, hosted?: Hosted): Promise<void> {
  const json = o.json || !process.stdout.isTTY || !process.stdin.isTTY;
  const debug = openDebug(o.debug, json, o.env);
  debug?.line(
    'start',
    `magneto-watch ${VERSION} (node ${process.version}, pid ${process.pid}): ${json ? 'NDJSON' : 'terminal UI'}`,
  );

  let url: string;
  let notice = hosted?.notice;
  let servers: MagnetoServer[] = hosted ? [hosted.server] : [];
  if (o.url !== undefined) url = o.url;
  else if (hosted) url = hosted.server.url;
  else {
    const { attachOrHost } = await loadHost();
    // NDJSON keeps a complete first Snapshot: its server indexes before it listens.
    const attachment = await attachOrHost(resolve(o.dir), { pageDir: o.pageDir, indexInBackground: !json });
    url = attachment.url;
    notice = attachment.notice;
    if (attachment.server) servers = [attachment.server];
  }
  if (notice !== undefined) debug?.line('host', `${notice} (${url})`);

  const engine = createSync({
    url,
    ...(o.token !== undefined ? { token: o.token } : {}),
    ...(o.pollIntervalMs !== undefined ? { pollIntervalMs: o.pollIntervalMs } : {}),
    ...(debug ? { log: debug.log } : {}),
  });
  debug?.follow(engine);
  if (o.url === undefined && servers.length === 0) {
    const { enableTakeover } = await loadHost();
    enableTakeover(
      engine,
      url,
      (server) => {
        servers.push(server);
        notice = 'hosting (took over)';
        debug?.line('host', `took over hosting ${server.store.dir} at ${server.url}`);
      },
      { pageDir: o.pageDir },
    );
  }
  const closeAll = async (): Promise<void> => {
    await engine.stop();
    await Promise.all(servers.map((s) => s.close()));
    await hosted?.cleanup?.();
    debug?.close();
  };

  if (json) {
    let exiting = false;
    const stop = streamNdjson(engine, {
      out: (line) => process.stdout.write(line + '\n'),
      log: (line) => process.stderr.write(`magneto-watch: ${sanitize(line)}\n`),
      fatal: (reason) => {
        if (exiting) return;
        exiting = true;
        process.stderr.write(`magneto-watch: ${sanitize(reason)}\n`);
        void closeAll().finally(() => process.exit(1));
      },
    });
    process.stdout.on('error', () => void closeAll().finally(() => process.exit(0))); // EPIPE: reader went away
    engine.start();
    onShutdown(async () => {
      stop();
      await closeAll();
    });
    return;
  }

  tuneV8ForTerminalUi();
  const { runTui } = await import('../ui/index.js');
  const debugNotice = debug ? `debug log: ${tildePath(debug.where)}` : undefined;
  // Before the UI takes the terminal: the line is there once it gives it back, whatever the exit.
  if (debug) process.stderr.write(`magneto-watch: debug log in ${debug.where}\n`);
  engine.start();
  await runTui({
    engine,
    urlLabel: url,
    dirLabel: servers[0]?.store.dir,
    ...(o.view.color !== undefined ? { color: o.view.color } : {}),
    ...(o.view.sort ? { sort: o.view.sort } : {}),
    ...(o.view.columns ? { columns: [...o.view.columns] } : {}),
    ...externalPrograms(o.env),
    notice: () => [notice, debugNotice].filter((t) => t !== undefined).join(' · ') || undefined,
  });
  await closeAll();
  process.exit(0);
}
