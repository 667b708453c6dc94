import { WebSocket as WsWebSocket, type RawData } from 'ws';
import { decodeFrame, type ServerMessage } from '../protocol/index.js';
import type { Clock, TimerHandle } from './clock.js';
import { plainText } from './rest.js';

export type WebSocketCtor = typeof WsWebSocket;
export { WsWebSocket };

/** Why a connection ended; reported once per socket. */
export type SocketEnd =
  /** The upgrade was answered with a plain HTTP status (404: no `/ws`; 401/403: auth). */
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'closed'; code: number; reason: string }
  | { kind: 'error'; message: string }
  /** No pong and no frame within `deadAfterMs` of a ping, or no open within it. */
  | { kind: 'dead' };

export interface SocketOptions {
  url: string;
  token?: string;
  WebSocket: WebSocketCtor;
  clock: Clock;
  pingIntervalMs: number;
  deadAfterMs: number;
  onOpen(): void;
  onMessage(message: ServerMessage): void;
  onEnd(end: SocketEnd): void;
}

export interface SocketHandle {
  /** Changes the ping period (e.g. from Hello.heartbeat_ms), restarting the pending wait. */
  setPingInterval(ms: number): void;
  /** Terminates the socket without reporting `onEnd`; resolves once it is closed. */
  close(): Promise<void>;
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/**
 * Opens `/ws` with the bearer token, decodes frames, and watches the peer: a ping frame
 * every `pingIntervalMs`; silence for `deadAfterMs` after a ping (a laptop lid closed
 * over ssh) terminates the socket and reports `dead`. Timers run on the injected clock.
 */
export function openSocket(options: SocketOptions): SocketHandle {
  const { clock, deadAfterMs } = options;
  let pingIntervalMs = options.pingIntervalMs;
  let ended = false;
  let pingTimer: TimerHandle | undefined;
  let deadTimer: TimerHandle | undefined;
  let refusedStatus: { status: number; message: string } | undefined;
  let lastError: string | undefined;

  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const ws = new options.WebSocket(options.url, { headers });
  const closed = new Promise<void>((resolve) => {
    if (ws.readyState === ws.CLOSED) resolve();
    else ws.once('close', () => resolve());
  });

  function clearTimers(): void {
    if (pingTimer !== undefined) clock.clearTimeout(pingTimer);
    if (deadTimer !== undefined) clock.clearTimeout(deadTimer);
    pingTimer = deadTimer = undefined;
  }

  function end(why: SocketEnd): void {
    if (ended) return;
    ended = true;
    clearTimers();
    ws.terminate();
    options.onEnd(why);
  }

  function alive(): void {
    if (deadTimer !== undefined) clock.clearTimeout(deadTimer);
    deadTimer = undefined;
  }

  function schedulePing(): void {
    pingTimer = clock.setTimeout(() => {
      pingTimer = undefined;
      if (ended || ws.readyState !== ws.OPEN) return;
      ws.ping();
      deadTimer ??= clock.setTimeout(() => end({ kind: 'dead' }), deadAfterMs);
      schedulePing();
    }, pingIntervalMs);
  }

  // A server that accepts TCP but never answers the upgrade is as dead as a silent one.
  deadTimer = clock.setTimeout(() => end({ kind: 'dead' }), deadAfterMs);

  ws.on('open', () => {
    if (ended) return;
    alive();
    schedulePing();
    options.onOpen();
  });
  ws.on('message', (data, isBinary) => {
    if (ended) return;
    alive();
    if (isBinary) return;
    for (const m of decodeFrame(text(data)).messages) {
      if (ended) return;
      options.onMessage(m);
    }
  });
  ws.on('pong', alive);
  ws.on('ping', alive);
  ws.on('unexpected-response', (_req, res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      if (body.length < 4096) body += chunk;
    });
    refusedStatus = { status: res.statusCode ?? 0, message: '' };
    const status = refusedStatus.status;
    res.on('end', () => end({ kind: 'refused', status, message: errorMessage(body) }));
    res.on('error', () => end({ kind: 'refused', status, message: '' }));
  });
  // Never removed: ws throws on an 'error' without a listener.
  ws.on('error', (err) => {
    lastError = (err as { code?: string }).code ?? err.message;
  });
  ws.on('close', (code, reason) => {
    if (refusedStatus) return end({ kind: 'refused', ...refusedStatus });
    if (lastError !== undefined && code === 1006) return end({ kind: 'error', message: lastError });
    end({ kind: 'closed', code, reason: reason.toString('utf8') });
  });

  return {
    setPingInterval(ms) {
      pingIntervalMs = ms;
      if (pingTimer !== undefined) {
        clock.clearTimeout(pingTimer);
        schedulePing();
      }
    },
    close() {
      ended = true;
      clearTimers();
      ws.terminate();
      return closed;
    },
  };
}

function errorMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as { message?: unknown }).message === 'string'
    ) {
      return (parsed as { message: string }).message;
    }
  } catch {
    // plain text
  }
  return plainText(body);
}
