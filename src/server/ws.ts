import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions } from 'ws';
import { ErrorCode, SUBPROTOCOL, type ErrorBody } from '../protocol/index.js';
import { errorBody, rejectUpgrade } from './errors-http.js';
import type { Hub } from './hub.js';
import { silentLog, type ServerLog } from './log.js';
import { logPath } from './request-log.js';
import { checkRequest, type SecurityPolicy } from './security.js';

/** Largest client frame; bigger ones close the socket with 1009 (ws enforces it). */
export const MAX_CLIENT_FRAME = 64 * 1024;

export interface UpgradeDeps {
  hub: Hub;
  /** Read on every upgrade: the port is only known after listen. */
  policy: () => SecurityPolicy;
  /** Seconds of unanswered closing handshake before ws destroys a socket. @default 5000 */
  closeTimeoutMs?: number;
  /** One line per upgrade, like fastify's requests (request-log.ts). @default silentLog */
  log?: ServerLog;
}

export interface UpgradeHandler {
  /** Refuse new upgrades with 503 from now on. */
  stop(): void;
  /** Detach from the http server. */
  dispose(): void;
}

/**
 * Handles `upgrade` on the http server: checks path, Host, Origin and token on the raw
 * request (refusals are written as JSON on the socket), then hands the socket to the hub.
 */
export function attachUpgrade(
  server: Server,
  { hub, policy, closeTimeoutMs = 5000, log = silentLog }: UpgradeDeps,
): UpgradeHandler {
  const options: ServerOptions & { closeTimeout?: number } = {
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME,
    clientTracking: false,
    perMessageDeflate: false,
    closeTimeout: closeTimeoutMs,
    // Select magneto.v1 when offered; never echo bearer.<token>.
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  };
  const wss = new WebSocketServer(options);
  let stopped = false;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', ignore);
    const answered = (status: number): void =>
      log.info({ method: req.method, path: logPath(req.url ?? '/'), status, upgrade: true }, 'request');
    const refuse = (body: ErrorBody): void => {
      rejectUpgrade(socket, body);
      answered(body.status);
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') {
      refuse(errorBody(ErrorCode.NotFound, `no WebSocket endpoint at ${url.pathname}`));
      return;
    }
    if (stopped) {
      refuse(errorBody(ErrorCode.Internal, 'server is shutting down', 503));
      return;
    }
    const refusal = checkRequest(
      { headers: req.headers, checkOrigin: true, needsToken: true, websocket: true },
      policy(),
    );
    if (refusal) {
      refuse(refusal);
      return;
    }
    const q = url.searchParams;
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', ignore);
      answered(101);
      hub.attach(ws, {
        since: q.get('since') ?? undefined,
        epoch: q.get('epoch') ?? undefined,
        batch: q.get('batch') === '1',
      });
    });
  };
  server.on('upgrade', onUpgrade);

  return {
    stop: () => {
      stopped = true;
    },
    dispose: () => {
      server.off('upgrade', onUpgrade);
      wss.close();
    },
  };
}

function ignore(): void {}
