import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { ErrorCode, MagnetoError } from '../protocol/index.js';
import { systemClock, type Clock } from '../protocol/clock.js';
import { registerApi } from './api.js';
import { answerClientError, errorBody, replyError, toErrorBody } from './errors-http.js';
import { Hub } from './hub.js';
import { corsHeaders, isPreflight, PREFLIGHT_HEADERS } from './cors.js';
import { loadPage, PAGE_PATHS, registerPage, type Page } from './page.js';
import { openLog, silentLog, type LogOptions, type OpenLog, type ServerLog } from './log.js';
import { RequestLog } from './request-log.js';
import { checkRequest, isLoopbackAddress, type SecurityPolicy } from './security.js';
import { feedStatus } from './status-feed.js';
import { createStore } from './store/index.js';
import type { CassetteStore } from './types.js';
import { attachUpgrade, type UpgradeHandler } from './ws.js';

export interface ServerOptions {
  /** Cassette directory. */
  dir: string;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks any free port. @default 8889 */
  port?: number;
  /** Bearer token required by REST (except /health) and /ws. */
  token?: string;
  /** Allow a non-loopback bind without a token. @default false */
  noAuth?: boolean;
  /** Extra `Origin` values allowed for /ws and mutations. */
  allowOrigins?: string[];
  /** @default 30000 */
  heartbeatMs?: number;
  /** Events kept for resume. @default 10000 */
  ringSize?: number;
  /** @default 1048576 (1 MiB) */
  slowConsumerBytes?: number;
  /** Injected for tests. @default createStore({dir, clock, poll, log}) */
  store?: CassetteStore;
  /** Poll the directory every `poll` ms instead of watching it (`serve --poll`, protocol.md §1.4). */
  poll?: number;
  /**
   * Write a JSON log (pino) to stderr or a file: one line per request, per change found on
   * disk, per watcher failure and fallback (`serve --log-level`, `--log-file`). Without it
   * nothing is logged: an embedded server shares its terminal with the UI.
   */
  log?: LogOptions;
  /**
   * Listen as soon as the directory is open and index it in the background: each indexed
   * file is a CassetteCreated event, and Hello, Status and `/health` carry the progress
   * (protocol.md §3.7). The embedded host uses it so that its table fills in while the UI
   * runs. Otherwise `listen()` indexes first. @default false
   */
  indexInBackground?: boolean;
  /**
   * Time and timers of the hub (heartbeat, batch window, close grace), the store (its
   * watcher, `recorded_at`) and the API (uptime). @default systemClock
   */
  clock?: Clock;
  /**
   * Directory of the built web page (index.html, app.js, app.css), served at `/`
   * (protocol.md §7); read once, at listen. @default none: `/` answers 404
   */
  pageDir?: string;
}

export interface MagnetoServer {
  /** `http://127.0.0.1:PORT` once listening. */
  readonly url: string;
  readonly port: number;
  readonly epoch: string;
  readonly seq: number;
  /** Open `/ws` sockets. */
  readonly clients: number;
  readonly store: CassetteStore;
  /** Starts the store (scan + watch), then listens. */
  listen(): Promise<{ url: string; port: number }>;
  /** Closes sockets with 1001, waits for requests and writes, stops the watcher. */
  close(): Promise<void>;
}

const MUTATING = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

/** Paths that never need the token (protocol.md §6): the health check and the page's files. */
function isPublic(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === '/health' || PAGE_PATHS.has(path);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function buildApp(
  store: CassetteStore,
  hub: Hub,
  policy: () => SecurityPolicy,
  clock: Clock,
  page: Page | undefined,
  log: OpenLog | undefined,
): FastifyInstance {
  const app = Fastify({
    // The base logger type keeps the instance's type the one every route module takes.
    ...(log ? { loggerInstance: log.logger as FastifyBaseLogger } : { logger: false }),
    // One line per request, without headers or query (request-log.ts).
    logController: new RequestLog(),
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 1024 },
    clientErrorHandler: answerClientError,
    frameworkErrors: (err, _req, reply) => void replyError(reply as FastifyReply, toErrorBody(err)),
  });
  // Only JSON bodies: text/plain must be 415 like any other type.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (req, reply) => {
    const current = policy();
    // Set first, so that every answer to an allowed origin carries them, errors included:
    // a browser hides any answer without them from the page (protocol.md §6.1).
    const cors = corsHeaders(req.headers, current);
    if (cors) reply.headers(cors);
    const preflight = isPreflight(req.method, req.headers);
    const refusal = checkRequest(
      {
        headers: req.headers,
        checkOrigin: preflight || MUTATING.has(req.method),
        // A preflight carries no credentials: it is answered without the token.
        needsToken: !preflight && !isPublic(req.url),
        websocket: false,
      },
      current,
    );
    if (refusal) return replyError(reply, refusal);
    if (preflight) return reply.code(204).headers(PREFLIGHT_HEADERS).send();
  });
  app.setErrorHandler((err, req, reply) => {
    const body = toErrorBody(err);
    // A bug: the details go to the log, never to the client (protocol.md §5.1).
    if (body.error === ErrorCode.Internal) req.log.error({ err }, 'internal error');
    return replyError(reply, body);
  });
  app.setNotFoundHandler((req, reply) => {
    const path = (req.url.split('?')[0] ?? '').slice(0, 200);
    return replyError(reply, errorBody(ErrorCode.NotFound, `no route for ${req.method} ${path}`));
  });
  const { loopback, token } = policy();
  registerApi(app, { store, hub, clock, revealAllowed: loopback || token !== undefined });
  registerPage(app, page);
  return app;
}

/**
 * The REST API and `/ws` over a cassette directory (protocol.md §2, §3, §6).
 * Throws `insecure_bind` at once for a non-loopback host without token or noAuth.
 */
export function createMagnetoServer(options: ServerOptions): MagnetoServer {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackAddress(host);
  if (!loopback && !options.token && !options.noAuth) {
    throw new MagnetoError(
      ErrorCode.InsecureBind,
      `refusing to listen on ${host} without a token: pass --token <secret> or --no-auth`,
    );
  }
  const clock = options.clock ?? systemClock;
  const hub = new Hub({
    ringSize: options.ringSize,
    heartbeatMs: options.heartbeatMs,
    slowConsumerBytes: options.slowConsumerBytes,
    clock,
  });
  const opened = options.log ? openLog(options.log, clock) : undefined;
  const log: ServerLog = opened?.logger ?? silentLog;
  const store = options.store ?? createStore({ dir: options.dir, clock, poll: options.poll, log });
  let port = 0;
  let url = '';
  const policy = (): SecurityPolicy => ({
    loopback,
    port,
    token: options.token,
    allowOrigins: options.allowOrigins,
  });
  let app: FastifyInstance | undefined;
  let upgrade: UpgradeHandler | undefined;
  let unsubscribe: (() => void) | undefined;
  let stopFeed: (() => void) | undefined;
  const follow = (): void => {
    unsubscribe = store.onChange((change) => hub.publish(change));
    stopFeed = feedStatus({ source: store, send: (status) => hub.setStatus(status), clock });
  };
  const unfollow = (): void => {
    unsubscribe?.();
    stopFeed?.();
  };

  return {
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    get epoch() {
      return hub.epoch;
    },
    get seq() {
      return hub.seq;
    },
    get clients() {
      return hub.clientCount;
    },
    get store() {
      return store;
    },
    async listen() {
      if (app) throw new MagnetoError(ErrorCode.ListenFailed, 'server is already listening');
      if (options.indexInBackground) {
        // Subscribed first: every indexed file becomes an event (protocol.md §3.7).
        follow();
        try {
          await store.open();
        } catch (err) {
          unfollow();
          throw err;
        }
        store.start().catch((err: unknown) => log.error({ err }, 'indexing failed'));
      } else {
        await store.start();
        follow();
      }
      hub.setDir(loopback ? store.dir : undefined);
      const page = options.pageDir === undefined ? undefined : await loadPage(options.pageDir);
      const created = buildApp(store, hub, policy, clock, page, opened);
      upgrade = attachUpgrade(created.server, { hub, policy, log });
      const wanted = options.port ?? 8889;
      try {
        await created.listen({ host, port: wanted });
      } catch (err) {
        unfollow();
        upgrade.dispose();
        await created.close();
        await store.close();
        opened?.close();
        throw listenError(err, host, wanted);
      }
      app = created;
      const address = created.server.address();
      port = typeof address === 'object' && address !== null ? address.port : wanted;
      url = `http://${urlHost(host)}:${port}`;
      hub.start();
      log.info({ url, dir: store.dir, ...store.status() }, 'serving');
      return { url, port };
    },
    async close() {
      if (!app) return;
      const closing = app;
      app = undefined;
      upgrade?.stop();
      await hub.close();
      upgrade?.dispose();
      await closing.close();
      unfollow();
      await store.close();
      log.info({}, 'closed');
      opened?.close();
    },
  };
}

function listenError(err: unknown, host: string, port: number): MagnetoError {
  if ((err as { code?: unknown }).code === 'EADDRINUSE') {
    return new MagnetoError(ErrorCode.PortInUse, `port ${port} is already in use`);
  }
  return new MagnetoError(
    ErrorCode.ListenFailed,
    `cannot listen on ${host}:${port}: ${(err as Error).message}`,
  );
}
