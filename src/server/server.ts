import { STATUS_CODES } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { ErrorCode, MagnetoError } from '../protocol/index.js';
import { systemClock, type Clock } from '../protocol/clock.js';
import { registerApi } from './api.js';
import { errorBody, toErrorBody } from './errors-http.js';
import { Hub } from './hub.js';
import { checkRequest, isLoopbackAddress, type SecurityPolicy } from './security.js';
import { createStore } from './store/index.js';
import type { CassetteStore } from './types.js';
import { attachUpgrade, type UpgradeHandler } from './ws.js';

/** Errors thrown by `createMagnetoServer` and `listen()` besides the store's own. */
export const StartErrorCode = {
  InsecureBind: 'insecure_bind',
  PortInUse: 'port_in_use',
  ListenFailed: 'listen_failed',
} as const;

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
  /** Injected for tests. @default createStore({dir, clock}) */
  store?: CassetteStore;
  /**
   * Time and timers of the hub (heartbeat, batch window, close grace), the store (its
   * watcher, `recorded_at`) and the API (uptime). @default systemClock
   */
  clock?: Clock;
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
): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 1024 },
    // Malformed HTTP never reaches a route: answer it in our error shape, not fastify's.
    clientErrorHandler: (err, socket) => {
      const code = (err as { code?: string }).code;
      if (code === 'ECONNRESET' || !socket.writable) {
        socket.destroy();
        return;
      }
      const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const message = status === 431 ? 'request headers too large' : 'malformed HTTP request';
      const json = JSON.stringify(errorBody(status, ErrorCode.BadRequest, message));
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
      );
    },
    frameworkErrors: (err, _req, reply) => {
      const body = toErrorBody(err);
      void (reply as FastifyReply).code(body.status).send(body);
    },
  });
  // Only JSON bodies: text/plain must be 415 like any other type.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (req, reply) => {
    const refusal = checkRequest(
      {
        headers: req.headers,
        checkOrigin: MUTATING.has(req.method),
        needsToken: req.url !== '/health' && !req.url.startsWith('/health?'),
        websocket: false,
      },
      policy(),
    );
    if (!refusal) return;
    if (refusal.status === 401) void reply.header('www-authenticate', 'Bearer');
    return reply.code(refusal.status).send(errorBody(refusal.status, refusal.error, refusal.message));
  });
  app.setErrorHandler((err, _req, reply) => {
    const body = toErrorBody(err);
    return reply.code(body.status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    const path = (req.url.split('?')[0] ?? '').slice(0, 200);
    return reply.code(404).send(errorBody(404, ErrorCode.NotFound, `no route for ${req.method} ${path}`));
  });
  registerApi(app, { store, hub, clock });
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
      StartErrorCode.InsecureBind,
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
  const store = options.store ?? createStore({ dir: options.dir, clock });
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
      if (app) throw new MagnetoError(StartErrorCode.ListenFailed, 'server is already listening');
      await store.start();
      hub.setDir(loopback ? store.dir : undefined);
      unsubscribe = store.onChange((change) => hub.publish(change));
      const created = buildApp(store, hub, policy, clock);
      upgrade = attachUpgrade(created.server, { hub, policy });
      const wanted = options.port ?? 8889;
      try {
        await created.listen({ host, port: wanted });
      } catch (err) {
        unsubscribe();
        upgrade.dispose();
        await created.close();
        await store.close();
        throw listenError(err, host, wanted);
      }
      app = created;
      const address = created.server.address();
      port = typeof address === 'object' && address !== null ? address.port : wanted;
      url = `http://${urlHost(host)}:${port}`;
      hub.start();
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
      unsubscribe?.();
      await store.close();
    },
  };
}

function listenError(err: unknown, host: string, port: number): MagnetoError {
  if ((err as { code?: unknown }).code === 'EADDRINUSE') {
    return new MagnetoError(StartErrorCode.PortInUse, `port ${port} is already in use`);
  }
  return new MagnetoError(
    StartErrorCode.ListenFailed,
    `cannot listen on ${host}:${port}: ${(err as Error).message}`,
  );
}
