/**
 * The command line (README, Options): commander's definitions and, for each command, the
 * settings it resolves (flags, then the environment, then the config file) before loading
 * what it runs. Only commander, the protocol and small modules load up front, so that
 * `--help` and `--version` stay fast; the engine (undici, ws), the server (fastify) and the
 * UI (React, Ink) load with the command that needs them.
 */
import { Command, Help, InvalidArgumentError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { parseListedName, VERSION } from '../protocol/index.js';
import { parseBaseUrl } from '../client/urls.js';
import {
  COLUMNS,
  parseColumns,
  parseSort,
  SHELLS,
  SORT_HINT,
  THEMES,
  type Column,
  type Shell,
  type Sort,
  type Theme,
} from './choices.js';
import { loadConfig, type Config } from './config.js';
import { DEFAULT_URL } from './defaults.js';
import { extraHelp } from './help-text.js';
import { configPath, type Env } from './paths.js';
import { connectSettings, fromEnv, readToken, tokenSource, viewSettings } from './settings.js';
import type { DebugRequest } from './watch.js';
import { LOG_LEVELS, type LogLevel } from '../server/log-levels.js';

/** What the program needs from its process; main.ts passes the real ones. */
export interface ProgramContext {
  env: Env;
  /** The sample cassettes `demo` copies. */
  samplesDir: string;
  /** The built web page the servers it starts serve at `/`. */
  pageDir: string;
  /** Writes one line to stderr (warnings). */
  warn(line: string): void;
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
function urlArg(value: string): string {
  const base = parseBaseUrl(value);
  if ('error' in base) throw new InvalidArgumentError(base.error);
  return base.origin + base.prefix;
}

function sortArg(value: string): Sort {
  const sort = parseSort(value);
  if ('error' in sort) throw new InvalidArgumentError(sort.error);
  return sort;
}

function columnsArg(value: string): Column[] {
  const columns = parseColumns(value.split(',').filter((c) => c.trim() !== ''));
  if ('error' in columns) throw new InvalidArgumentError(columns.error);
  return columns;
}

/** A cassette name as `show` takes it: the protocol's rule for a name in a URL (protocol.md §1.2). */
function nameArg(value: string): string {
  try {
    return parseListedName(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

interface ConnectOpts {
  url?: string;
  token?: string;
  tokenFile?: string;
}
interface ViewOpts {
  sort?: Sort;
  columns?: Column[];
  theme?: Theme;
}
interface DebugOpts {
  debug?: boolean;
  logFile?: string;
}

/** `opts` with the program's `--url`, `--token` and `--token-file` where `cmd` (a subcommand) has none. */
function withProgramOptions(opts: ConnectOpts, cmd: Command | undefined): ConnectOpts {
  const outer = cmd?.parent?.opts<ConnectOpts>();
  if (!outer) return opts;
  const own = opts.token !== undefined || opts.tokenFile !== undefined;
  return {
    ...opts,
    ...(opts.url === undefined && outer.url !== undefined ? { url: outer.url } : {}),
    ...(!own && outer.token !== undefined ? { token: outer.token } : {}),
    ...(!own && outer.tokenFile !== undefined ? { tokenFile: outer.tokenFile } : {}),
  };
}

function addConnectOptions(cmd: Command, urlDefault = `(default: ${DEFAULT_URL})`): Command {
  return cmd
    .option('--url <url>', `server (env MAGNETO_URL, config url) ${urlDefault}`, urlArg)
    .addOption(
      new Option(
        '--token <token>',
        'bearer token (env MAGNETO_TOKEN); shows in ps: prefer --token-file',
      ).conflicts('tokenFile'),
    )
    .option(
      '--token-file <file>',
      'read the bearer token from FILE (env MAGNETO_TOKEN_FILE, config tokenFile)',
    );
}

function addViewOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--sort <key>', `first sort: ${SORT_HINT} (config sort)`).argParser(sortArg))
    .addOption(
      new Option(
        '--columns <list>',
        `columns besides NAME, e.g. DESCRIPTION,RECORDED (config columns): ${COLUMNS.join(', ')}`,
      ).argParser(columnsArg),
    )
    .addOption(
      new Option('--theme <theme>', 'colours; mono is like NO_COLOR (config theme)').choices(THEMES),
    );
}

function addDebugOptions(cmd: Command, where: string): Command {
  return cmd
    .option('--debug', `log each connection step, status change and request with its time, ${where}`)
    .option('--log-file <file>', 'append that log to FILE (implies --debug)');
}

function debugRequest(o: DebugOpts): DebugRequest {
  return {
    enabled: o.debug === true || o.logFile !== undefined,
    ...(o.logFile !== undefined ? { file: o.logFile } : {}),
  };
}

/** Builds the program; `run` is what main.ts awaits. */
export function buildProgram(ctx: ProgramContext): Command {
  const { env } = ctx;
  const config = (): Promise<Config> => loadConfig(configPath(env));
  /** The config file, and the server and token from flags, environment and file (the token read once). */
  /**
   * The server and token for a command. `magneto-watch --url U list` names the server before
   * the subcommand, as kubectl and gh allow: the program's own connection options count
   * where the subcommand's are not given.
   */
  const connection = async (opts: ConnectOpts, cmd?: Command) => {
    const file = await config();
    const connect = connectSettings(withProgramOptions(opts, cmd), env, file);
    const token = await readToken(connect.token, ctx.warn);
    return { file, url: connect.url, ...(token !== undefined ? { token } : {}) };
  };

  const program = new Command()
    .name('magneto-watch')
    .description('See Magnéto-Serge cassettes change live: a terminal UI, NDJSON, and the server behind them')
    .version(VERSION, '-v, --version')
    .helpCommand(true)
    .showSuggestionAfterError()
    .enablePositionalOptions()
    .configureHelp({
      showGlobalOptions: false,
      formatHelp: (cmd, helper) =>
        Help.prototype.formatHelp.call(helper, cmd, helper) + extraHelp(cmd, helper),
    });

  addConnectOptions(program, `(default: attach to or host ${DEFAULT_URL.replace('http://', '')})`)
    .option(
      '--dir <dir>',
      'cassette directory to host when no server answers (env MAGNETO_CASSETTE_DIR)',
      fromEnv(env, 'MAGNETO_CASSETTE_DIR') ?? './cassettes',
    )
    .option('--json', 'print NDJSON (a Snapshot line, then one event per line) instead of the UI')
    .addOption(
      new Option('--poll-interval <ms>', 'poll period for servers without /ws')
        .argParser(intOption(100, 3_600_000))
        .default(2000),
    );
  addViewOptions(program);
  addDebugOptions(program, 'to stderr with --json, else to $XDG_STATE_HOME/magneto-watch/debug.log');
  type WatchOpts = ConnectOpts & ViewOpts & DebugOpts & { dir: string; json?: boolean; pollInterval: number };
  program.action(async (opts: WatchOpts, cmd: Command) => {
    // An operand here is a mistyped command: commander reports it (with a suggestion) only
    // for a program without an action of its own.
    if (cmd.args.length > 0) (cmd as unknown as { unknownCommand(): never }).unknownCommand();
    const { file, url, token } = await connection(opts);
    const { watch } = await import('./watch.js');
    await watch({
      ...(url !== undefined ? { url } : {}),
      dir: opts.dir,
      ...(token !== undefined ? { token } : {}),
      json: opts.json === true,
      pollIntervalMs: opts.pollInterval,
      view: viewSettings(opts, env, file),
      debug: debugRequest(opts),
      env,
      pageDir: ctx.pageDir,
    });
  });

  program
    .command('serve')
    .description('serve a cassette directory: REST API and live /ws events')
    .option(
      '--dir <dir>',
      'cassette directory (env MAGNETO_CASSETTE_DIR)',
      fromEnv(env, 'MAGNETO_CASSETTE_DIR') ?? './cassettes',
    )
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .addOption(new Option('--port <port>', 'port to bind').argParser(intOption(0, 65535)).default(8889))
    .addOption(
      new Option(
        '--token <token>',
        'require this bearer token (env MAGNETO_TOKEN); shows in ps: prefer --token-file',
      ).conflicts('tokenFile'),
    )
    .option('--token-file <file>', 'require the bearer token in FILE (env MAGNETO_TOKEN_FILE)')
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
    .action(
      async (opts: {
        dir: string;
        host: string;
        port: number;
        token?: string;
        tokenFile?: string;
        auth: boolean;
        allowOrigin?: string[];
        heartbeat: number;
        poll?: number;
        logLevel: LogLevel;
        logFile?: string;
      }) => {
        // The server's token comes from flags and the environment only: the config file is the client's.
        const token = await readToken(tokenSource(opts, env), ctx.warn);
        const { serve } = await import('./serve.js');
        await serve({
          dir: opts.dir,
          host: opts.host,
          port: opts.port,
          ...(token !== undefined ? { token } : {}),
          noAuth: !opts.auth,
          allowOrigins: opts.allowOrigin ?? [],
          heartbeatMs: opts.heartbeat,
          pageDir: ctx.pageDir,
          ...(opts.poll !== undefined ? { poll: opts.poll } : {}),
          logLevel: opts.logLevel,
          ...(opts.logFile !== undefined ? { logFile: opts.logFile } : {}),
        });
      },
    );

  const demo = program
    .command('demo')
    .description('watch a temp copy of sample cassettes while a simulated recorder changes them')
    .addOption(
      new Option('--port <port>', 'port for the demo server (default: any free port)').argParser(
        intOption(0, 65535),
      ),
    )
    .option('--json', 'print NDJSON instead of the UI');
  addViewOptions(demo);
  addDebugOptions(demo, 'to stderr with --json, else to $XDG_STATE_HOME/magneto-watch/debug.log');
  demo.action(async (opts: ViewOpts & DebugOpts & { port?: number; json?: boolean }) => {
    const file = await config();
    const { demo: run } = await import('./demo.js');
    await run({
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      json: opts.json === true,
      view: viewSettings(opts, env, file),
      debug: debugRequest(opts),
      env,
      samplesDir: ctx.samplesDir,
      pageDir: ctx.pageDir,
    });
  });

  const list = addConnectOptions(
    program.command('list').description('print the cassettes once, as a table or JSON, and exit'),
  )
    .option('--json', 'print the JSON array of summaries')
    .addOption(
      new Option('--names', 'print the names only, one per line (for scripts and completion)').conflicts(
        'json',
      ),
    )
    .addOption(new Option('--sort <key>', `order: ${SORT_HINT} (config sort)`).argParser(sortArg))
    .addOption(
      new Option(
        '--columns <list>',
        `columns besides NAME (config columns): ${COLUMNS.join(', ')}`,
      ).argParser(columnsArg),
    )
    .addOption(
      new Option('--timeout <ms>', 'give up after this long')
        .argParser(intOption(100, 600_000))
        .default(10_000),
    );
  addDebugOptions(list, 'to stderr');
  list.action(
    async (
      opts: ConnectOpts &
        DebugOpts & { json?: boolean; names?: boolean; sort?: Sort; columns?: Column[]; timeout: number },
      cmd: Command,
    ) => {
      const { file, url, token } = await connection(opts, cmd);
      const [{ list: run }, debug] = await Promise.all([import('./one-shot.js'), oneShotDebug(opts)]);
      const sort = opts.sort ?? file.sort;
      const columns = opts.columns ?? file.columns;
      await run({
        url: url ?? DEFAULT_URL,
        ...(token !== undefined ? { token } : {}),
        timeoutMs: opts.timeout,
        ...(debug ? { debug } : {}),
        json: opts.json === true,
        names: opts.names === true,
        ...(sort ? { sort } : {}),
        ...(columns ? { columns } : {}),
        ...(process.stdout.isTTY ? { width: process.stdout.columns || 80 } : {}),
      });
    },
  );

  const show = addConnectOptions(
    program
      .command('show')
      .description("print one cassette's details and interactions, and exit")
      .argument('<name>', 'the cassette', nameArg),
  )
    .option('--json', 'print the details and interactions as one JSON object')
    .addOption(
      new Option('--timeout <ms>', 'give up after this long')
        .argParser(intOption(100, 600_000))
        .default(10_000),
    );
  addDebugOptions(show, 'to stderr');
  show.action(
    async (
      name: string,
      opts: ConnectOpts & DebugOpts & { json?: boolean; timeout: number },
      cmd: Command,
    ) => {
      const { url, token } = await connection(opts, cmd);
      const [{ show: run }, debug] = await Promise.all([import('./one-shot.js'), oneShotDebug(opts)]);
      await run({
        url: url ?? DEFAULT_URL,
        ...(token !== undefined ? { token } : {}),
        timeoutMs: opts.timeout,
        ...(debug ? { debug } : {}),
        name,
        json: opts.json === true,
      });
    },
  );

  program
    .command('completion')
    .description('print a shell completion script (commands, options, cassette names for show)')
    .addArgument(program.createArgument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .action(async (shell: Shell) => {
      const { completionScript } = await import('./completion.js');
      process.stdout.write(completionScript(program, shell));
    });

  const configCmd = program.command('config').description('the config file');
  configCmd
    .command('path')
    .description('print where the config file is looked for, and whether it exists')
    .action(() => {
      const path = configPath(env);
      process.stdout.write(`${path} (${existsSync(path) ? 'exists' : 'not found'})\n`);
    });

  // Set last: subcommands inherit it when added, and they must refuse extra operands.
  program.allowExcessArguments();
  return program;
}

/** `--debug` / `--log-file` of `list` and `show`: stderr, or the file. */
async function oneShotDebug(o: DebugOpts) {
  const request = debugRequest(o);
  if (!request.enabled) return undefined;
  const [{ openDebugLog }, { systemClock }] = await Promise.all([
    import('./debug-log.js'),
    import('../protocol/clock.js'),
  ]);
  return request.file !== undefined
    ? openDebugLog({ file: request.file }, systemClock)
    : openDebugLog({ stream: (t) => void process.stderr.write(t), name: 'stderr' }, systemClock);
}
