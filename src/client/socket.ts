import { decodeFrame, type ServerMessage } from '../protocol/index.js';
import type { Clock, TimerHandle } from './clock.js';

/** Why a connection ended; reported once per socket. */
export type SocketEnd =
  /** The upgrade was answered with a plain HTTP status (404: no `/ws`; 401/403: auth). */
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'closed'; code: number; reason: string }
  | { kind: 'error'; message: string }
  /** No pong and no frame within `deadAfterMs` of a ping, or no open within it. */
  | { kind: 'dead' }
  /**
   * The socket closed before it opened and the runtime does not say why: a browser hides
   * the status of a refused upgrade (a 401 looks like a server that is down).
   */
  | { kind: 'unexplained' }
  /** The connection cannot be attempted as asked (e.g. a token a browser cannot send). */
  | { kind: 'invalid'; message: string };

/** What a {@link Wire} reports; each callback may be called after `terminate()`, and is then ignored. */
export interface WireEvents {
  open(): void;
  /** One text frame. */
  text(data: string): void;
  /** A sign of life that is not a frame: a pong or a ping from the peer. */
  alive(): void;
  end(end: SocketEnd): void;
}

/** One WebSocket connection, as {@link openSocket} drives it, whatever implements it. */
export interface Wire {
  /** Probes the peer: a ping frame where the runtime can send one, else `{"type":"Ping"}` (protocol.md §3.5). */
  ping(): void;
  /** Drops the connection now; no `end` follows. */
  terminate(): void;
  /** Resolves once the connection is closed. */
  readonly closed: Promise<void>;
}

/**
 * Opens a WebSocket to `url`, offering `token` the way the runtime can (a header from
 * Node, the `bearer.<t>` subprotocol from a browser; protocol.md §6). The engine gets one
 * from its entry point: `ws` in Node (node/ws-wire.ts), the standard `WebSocket` in a
 * browser (standard-wire.ts), so neither is loaded where it cannot run. `events` are
 * never called before `Dial` has returned.
 */
export type Dial = (url: string, token: string | undefined, events: WireEvents) => Wire;

export interface SocketOptions {
  url: string;
  token?: string;
  dial: Dial;
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

/**
 * Opens `/ws` with the bearer token, decodes frames, and watches the peer: a ping every
 * `pingIntervalMs`; silence for `deadAfterMs` after a ping (a laptop lid closed over ssh)
 * terminates the socket and reports `dead`. Timers run on the injected clock.
 */
export function openSocket(options: SocketOptions): SocketHandle {
  const { clock, deadAfterMs } = options;
  let pingIntervalMs = options.pingIntervalMs;
  let ended = false;
  let opened = false;
  let pingTimer: TimerHandle | undefined;
  let deadTimer: TimerHandle | undefined;

  function clearTimers(): void {
    if (pingTimer !== undefined) clock.clearTimeout(pingTimer);
    if (deadTimer !== undefined) clock.clearTimeout(deadTimer);
    pingTimer = deadTimer = undefined;
  }

  function end(why: SocketEnd): void {
    if (ended) return;
    ended = true;
    clearTimers();
    wire.terminate();
    options.onEnd(why);
  }

  function alive(): void {
    if (deadTimer !== undefined) clock.clearTimeout(deadTimer);
    deadTimer = undefined;
  }

  function schedulePing(): void {
    pingTimer = clock.setTimeout(() => {
      pingTimer = undefined;
      if (ended || !opened) return;
      wire.ping();
      deadTimer ??= clock.setTimeout(() => end({ kind: 'dead' }), deadAfterMs);
      schedulePing();
    }, pingIntervalMs);
  }

  // A server that accepts TCP but never answers the upgrade is as dead as a silent one.
  deadTimer = clock.setTimeout(() => end({ kind: 'dead' }), deadAfterMs);

  const wire = options.dial(options.url, options.token, {
    open: () => {
      if (ended) return;
      opened = true;
      alive();
      schedulePing();
      options.onOpen();
    },
    text: (data) => {
      if (ended) return;
      alive();
      for (const m of decodeFrame(data).messages) {
        if (ended) return;
        options.onMessage(m);
      }
    },
    alive: () => {
      if (!ended) alive();
    },
    end,
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
      wire.terminate();
      return wire.closed;
    },
  };
}
