import type { Clock } from './clock.js';
import type { SyncLog } from './log.js';
import type { FetchLike } from './rest.js';
import type { Dial } from './socket.js';

/**
 * How to reach a server and which side effects to use (architecture.md §2: injected, with
 * defaults), whatever the runtime. Each entry point adds its own `WebSocket` option: Node's
 * (`client/index.ts`) takes the `ws` class, the browser's (`client/browser.ts`) a standard one.
 */
export interface EngineOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8889`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` on REST and on the `/ws` upgrade. */
  token?: string;
  /**
   * How often to re-list a server without `/ws` (upstream magneto-serge).
   * @default 2000
   */
  pollIntervalMs?: number;
  /**
   * Ask for `batch=1` (several messages per frame).
   * @default true
   */
  batch?: boolean;
  /** @default the runtime's: undici's `fetch` in Node, the page's own in a browser */
  fetch?: FetchLike;
  /** Time and timers for backoff, polling and heartbeat. @default the system clock */
  clock?: Clock;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
  /**
   * Period of the client's ping frames.
   * @default 15000, or Hello.heartbeat_ms when that is shorter
   */
  pingIntervalMs?: number;
  /**
   * No pong and no frame within this after a ping (or no open within this after
   * connecting) means the connection is dead: terminate and reconnect.
   * @default 10000
   */
  deadAfterMs?: number;
  /**
   * Receives one entry per step of a connection (attempts, opens, listings, ends, REST
   * requests) with its timing: the `--debug` log. Status changes and snapshots come
   * through `subscribe`. @default none
   */
  log?: SyncLog;
}

/** What an entry point hands the engine: its runtime's fetch and WebSocket. */
export interface Platform {
  fetch: FetchLike;
  dial: Dial;
}

export const DEFAULT_POLL_INTERVAL_MS = 2_000;
export const DEFAULT_PING_INTERVAL_MS = 15_000;
export const DEFAULT_DEAD_AFTER_MS = 10_000;
/** A poll that takes longer than this is aborted and counts as a failed poll. */
export const POLL_TIMEOUT_MS = 30_000;
