/**
 * The only module that reads argv and the environment, writes to stderr and sets the
 * exit code (architecture.md §1). Everything else receives plain options.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { rm } from 'node:fs/promises';
import { MagnetoError, VERSION } from '../protocol/index.js';
import type { MagnetoServer } from '../server/index.js';
import { LOG_LEVELS, type LogLevel } from '../server/log-levels.js';
import { serveLine, logFileProblem } from './serve-text.js';
import { createSync, parseBaseUrl } from '../client/index.js';
import { streamNdjson } from './ndjson.js';
import { tuneV8ForTerminalUi } from './v8-flags.js';

// Loaded only by the commands that host a server: a terminal watching --url never pays for
// fastify, and `serve` never loads React and Ink.
const loadServer = () => import('../server/index.js');
const loadHost = () => import('./host.js');
const loadUi = () => {
  tuneV8ForTerminalUi();
  return import('../ui/index.js');
};

const env = process.env;
/** An environment variable, or undefined when unset or empty (`MAGNETO_URL=` means "none"). */
const fromEnv = (name: string): string | undefined => env[name] || undefined;
const SAMPLES_DIR = fileURLToPath(new URL('../samples/', import.meta.url));
/** The built web page (scripts/web-build.mjs), next to dist/cli.js; absent when run from the sources. */
const PAGE_DIR = fileURLToPath(new URL('./web/', import.meta.url));

/** A user mistake: one line on stderr, exit 1, never a stack trace. */
function fail(message: string): never {
  process.stderr.write(`magneto-watch: ${message}\n`);
  process.exit(1);
}

function intOption(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

/** The client's own URL rule and sentence (`bad_url`), so `--url` and the engine agree. */
function urlOption(value: string): string {
  const base = parseBaseUrl(value);
  if ('error' in base) throw new InvalidArgumentError(base.error);
  return base.origin + base.prefix;
}

/** Closes `close` on SIGINT/SIGTERM/SIGHUP; a second signal exits at once. */
function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  const handler = (): void => {
    if (closing) process.exit(1);
    closing = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.on('SIGHUP', handler);
}

interface WatchOptions {
  url?: string;
  dir: string;
  token?: string;
  json?: boolean;
  pollInterval?: number;
}

async function serve(opts: {
  dir: string;
  host: string;
  port: number;
  token?: string;
  auth: boolean;
  allowOrigin?: string[];
  heartbeat?: number;
  poll?: number;
  logLevel: LogLevel;
  logFile?: string;
}): Promise<void> {
  const dir = resolve(opts.dir);
  const logFile = opts.logFile === undefined ? undefined : resolve(opts.logFile);
  const problem = logFile === undefined ? undefined : logFileProblem(logFile, dir);
  if (problem !== undefined) fail(problem);
  const { createMagnetoServer } = await loadServer();
  const server = createMagnetoServer({
    dir,
    host: opts.host,
    port: opts.port,
    token: opts.token,
    noAuth: !opts.auth,
    allowOrigins: opts.allowOrigin ?? [],
    heartbeatMs: opts.heartbeat,
    pageDir: PAGE_DIR,
    poll: opts.poll,
    log: { level: opts.logLevel, ...(logFile !== undefined ? { file: logFile } : {}) },
  });
  const { url } = await server.listen();
  process.stdout.write(`${serveLine(server.store.dir, url, server.store.status().watch)}\n`);
  onShutdown(() => server.close());
}

interface Hosted {
  server: MagnetoServer;
  notice?: string;
  /** Runs after the engine and server are closed (the demo removes its temp copy). */
  cleanup?: () => Promise<void>;
}

/** NDJSON instead of the terminal UI: asked for, or no terminal to draw on. */
const jsonOutput = (opts: WatchOptions): boolean =>
  opts.json === true || !process.stdout.isTTY || !process.stdin.isTTY;

async function watch(opts: WatchOptions, hosted?: Hosted): Promise<void> {
  const explicitUrl = opts.url ?? fromEnv('MAGNETO_URL');
  let url: string;
  let notice = hosted?.notice;
  let servers: MagnetoServer[] = hosted ? [hosted.server] : [];
  if (explicitUrl !== undefined) {
    try {
      url = urlOption(explicitUrl);
    } catch (error) {
      // Only the environment can fail here: commander has already checked --url.
      fail(`MAGNETO_URL: ${(error as Error).message}`);
    }
  } else if (hosted) {
    url = hosted.server.url;
  } else {
    const { attachOrHost } = await loadHost();
    // NDJSON keeps a complete first Snapshot: its server indexes before it listens.
    const attachment = await attachOrHost(resolve(opts.dir), {
      pageDir: PAGE_DIR,
      indexInBackground: !jsonOutput(opts),
    });
    url = attachment.url;
    notice = attachment.notice;
    if (attachment.server) servers = [attachment.server];
  }

  const engine = createSync({
    url,
    token: opts.token ?? fromEnv('MAGNETO_TOKEN'),
    pollIntervalMs: opts.pollInterval,
  });
  if (explicitUrl === undefined && servers.length === 0) {
    const { enableTakeover } = await loadHost();
    enableTakeover(
      engine,
      url,
      (server) => {
        servers.push(server);
        notice = 'hosting (took over)';
      },
      { pageDir: PAGE_DIR },
    );
  }
  const closeAll = async (): Promise<void> => {
    await engine.stop();
    await Promise.all(servers.map((s) => s.close()));
    await hosted?.cleanup?.();
  };

  const json = jsonOutput(opts);
  if (json) {
    const stop = streamNdjson(
      engine,
      (line) => process.stdout.write(line + '\n'),
      (line) => process.stderr.write(`magneto-watch: ${line}\n`),
    );
    process.stdout.on('error', () => void closeAll().finally(() => process.exit(0))); // EPIPE: reader went away
    engine.start();
    onShutdown(async () => {
      stop();
      await closeAll();
    });
    return;
  }

  const { runTui } = await loadUi();
  engine.start();
  const color = fromEnv('NO_COLOR') === undefined ? undefined : false;
  await runTui({ engine, urlLabel: url, dirLabel: servers[0]?.store.dir, color, notice: () => notice });
  await closeAll();
  process.exit(0);
}

async function demo(opts: { port?: number; json?: boolean }): Promise<void> {
  const [{ createMagnetoServer }, { prepareDemoDir }, { startDemoRecorder }] = await Promise.all([
    loadServer(),
    import('../demo/demo-dir.js'),
    import('../demo/recorder.js'),
  ]);
  const dir = await prepareDemoDir(SAMPLES_DIR);
  const removeDir = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const server = createMagnetoServer({ dir, host: '127.0.0.1', port: opts.port ?? 0, pageDir: PAGE_DIR });
  try {
    await server.listen();
  } catch (error) {
    await removeDir();
    throw error;
  }
  const recorder = startDemoRecorder({ dir });
  await watch(
    { dir, json: opts.json },
    {
      server,
      notice: 'demo: simulated recorder',
      cleanup: async () => {
        recorder.stop();
        await removeDir();
      },
    },
  );
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('magneto-watch')
    .description('Live terminal monitor for Magnéto-Serge cassettes')
    .version(VERSION, '-v, --version')
    .option(
      '--url <url>',
      'server to watch (env MAGNETO_URL); default: attach to or host 127.0.0.1:8889',
      urlOption,
    )
    .option(
      '--dir <dir>',
      'cassette directory to host when no server runs (env MAGNETO_CASSETTE_DIR)',
      fromEnv('MAGNETO_CASSETTE_DIR') ?? './cassettes',
    )
    .option('--token <token>', 'bearer token (env MAGNETO_TOKEN)')
    .option('--json', 'print NDJSON (a Snapshot line, then one event per line) instead of the UI')
    .addOption(
      new Option('--poll-interval <ms>', 'poll period for servers without /ws')
        .argParser(intOption(100, 3_600_000))
        .default(2000),
    )
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .action(async (opts: WatchOptions) => watch(opts));

  program
    .command('serve')
    .description('serve a cassette directory: REST API and live /ws events')
    .option(
      '--dir <dir>',
      'cassette directory (env MAGNETO_CASSETTE_DIR)',
      fromEnv('MAGNETO_CASSETTE_DIR') ?? './cassettes',
    )
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .addOption(new Option('--port <port>', 'port to bind').argParser(intOption(0, 65535)).default(8889))
    .option('--token <token>', 'require this bearer token (env MAGNETO_TOKEN)', fromEnv('MAGNETO_TOKEN'))
    .option('--no-auth', 'allow a non-loopback bind without a token')
    .option('--allow-origin <origin...>', 'extra allowed Origin for /ws and mutations')
    .addOption(
      new Option('--heartbeat <ms>', 'ping period for /ws clients')
        .argParser(intOption(100, 3_600_000))
        .default(30000),
    )
    .addOption(
      new Option(
        '--poll [ms]',
        'stat the directory every MS ms instead of relying on file events (default 1000)',
      )
        .preset('1000')
        .argParser(intOption(100, 60_000)),
    )
    .addOption(
      new Option('--log-level <level>', 'JSON log of requests and changes on disk')
        .choices(LOG_LEVELS)
        .default('info'),
    )
    .option('--log-file <file>', 'append the JSON log to this file instead of stderr')
    .action(serve);

  program
    .command('demo')
    .description('watch a temp copy of sample cassettes while a simulated recorder changes them')
    .addOption(
      new Option('--port <port>', 'port for the demo server (default: any free port)').argParser(
        intOption(0, 65535),
      ),
    )
    .option('--json', 'print NDJSON instead of the UI')
    .action(demo);

  await program.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  if (error instanceof MagnetoError) fail(error.message);
  // A bug, not a user mistake: keep the stack for the report.
  process.stderr.write(`magneto-watch: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(70);
});
