import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { CLOSE_GOING_AWAY, CLOSE_SLOW_CONSUMER, type ServerStatus } from '../protocol/index.js';
import { repeat, systemClock, type Clock, type TimerHandle } from '../protocol/clock.js';
import { EventRing } from './ring.js';
import {
  encode,
  encodeBatch,
  helloMessage,
  PONG,
  resyncMessage,
  statusMessage,
  toEvent,
} from './messages.js';
import type { StoreChange } from './types.js';

export interface HubOptions {
  /** Events kept for resume. @default 10000 */
  ringSize?: number;
  /** Interval between server pings; a socket silent for a whole interval is terminated. @default 30000 */
  heartbeatMs?: number;
  /** A socket with more bytes queued than this is closed with 4008. @default 1048576 */
  slowConsumerBytes?: number;
  /** Random per server start unless given. */
  epoch?: string;
  /** Sent in Hello (only a loopback server passes it). */
  dir?: string;
  /** Event times (`at`), heartbeat, batch window and close grace. @default systemClock */
  clock?: Clock;
  /** How long `close()` waits for close handshakes before terminating. @default 2000 */
  closeGraceMs?: number;
  /**
   * How long events wait to be coalesced into one array frame for `batch=1` sockets;
   * 0 flushes on the next timer turn of the event loop. Cost is per frame, not per byte, so
   * a few milliseconds turn a burst of N events into one send per socket. @default 5
   */
  batchWindowMs?: number;
}

export interface AttachOptions {
  /** Raw `since` query value; absent means "no resume, no Resync". */
  since?: string | undefined;
  epoch?: string | undefined;
  /** `batch=1`: live events may arrive as JSON array frames. */
  batch?: boolean;
}

/** Events per array frame when replaying to a batch client. */
const REPLAY_CHUNK = 500;
const TEXT = { binary: false } as const;

/**
 * Sequence numbers, the resume ring and fan-out to every `/ws` socket (protocol.md §3).
 * Per-socket state is only set membership: no per-socket objects, closures or timers.
 */
export class Hub {
  readonly epoch: string;
  private lastSeq = 0;
  private readonly ring: EventRing;
  private readonly heartbeatMs: number;
  private readonly slowBytes: number;
  private dir: string | undefined;
  private status: ServerStatus = {};
  private readonly clock: Clock;
  private readonly closeGraceMs: number;
  private readonly plain = new Set<WebSocket>();
  private readonly batch = new Set<WebSocket>();
  /** Sockets closed by the server (slow consumers) whose close has not completed. */
  private readonly closing = new Set<WebSocket>();
  /** Sockets pinged and not yet ponged. */
  private readonly waiting = new Set<WebSocket>();
  private pending: Buffer[] = [];
  private flushTimer: TimerHandle | undefined;
  private readonly batchWindowMs: number;
  private flushWaiters: Array<() => void> = [];
  /** Stops the heartbeat; set while started. */
  private stopHeartbeat: (() => void) | undefined;
  private onEmpty: (() => void) | undefined;
  private readonly onPong: (this: WebSocket) => void;
  private readonly onClose: (this: WebSocket) => void;

  constructor(options: HubOptions = {}) {
    this.epoch = options.epoch ?? randomBytes(9).toString('base64url');
    this.ring = new EventRing(options.ringSize ?? 10_000);
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
    this.slowBytes = options.slowConsumerBytes ?? 1024 * 1024;
    this.dir = options.dir;
    this.clock = options.clock ?? systemClock;
    this.closeGraceMs = options.closeGraceMs ?? 2000;
    this.batchWindowMs = options.batchWindowMs ?? 5;
    const { plain, batch, closing, waiting } = this;
    this.onPong = function () {
      waiting.delete(this);
    };
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const hub = this;
    this.onClose = function () {
      plain.delete(this);
      batch.delete(this);
      closing.delete(this);
      waiting.delete(this);
      if (plain.size + batch.size + closing.size === 0) hub.onEmpty?.();
    };
  }

  /** The last assigned sequence number (0 before the first event). */
  get seq(): number {
    return this.lastSeq;
  }

  /** Sockets receiving events (not counting those being closed). */
  get clientCount(): number {
    return this.plain.size + this.batch.size;
  }

  /** The directory announced in Hello; only a loopback server sets it. */
  setDir(dir: string | undefined): void {
    this.dir = dir;
  }

  /**
   * What the server is doing (watch mode, first index): sent in Hello from now on, and as a
   * Status message to every socket now (protocol.md §3.7). Events published before are
   * flushed first, so a socket never sees the end of indexing before its last creation.
   */
  setStatus(status: ServerStatus): void {
    this.status = status;
    if (this.plain.size + this.batch.size === 0) return;
    this.flush();
    const data = encode(statusMessage(status));
    for (const socket of this.plain) this.deliver(socket, data, true);
    for (const socket of this.batch) this.deliver(socket, data, true);
  }

  /**
   * Starts the shared heartbeat. Unref'd: the listening socket, not the heartbeat, is
   * what keeps a server's process alive.
   */
  start(): void {
    this.stopHeartbeat ??= repeat(this.clock, this.heartbeatMs, () => this.beat(), { unref: true });
  }

  /** Assigns the next seq, keeps the event for resume and sends it to every socket. */
  publish(change: StoreChange): number {
    const seq = ++this.lastSeq;
    const data = encode(toEvent(change, seq, this.epoch, new Date(this.clock.now()).toISOString()));
    this.ring.push(seq, data);
    for (const socket of this.plain) this.deliver(socket, data, true);
    if (this.batch.size > 0) {
      this.pending.push(data);
      this.flushTimer ??= this.clock.setTimeout(() => this.flush(), this.batchWindowMs);
    }
    return seq;
  }

  /** Sends the events coalesced for batch sockets now, as one array frame built once. */
  flush(): void {
    if (this.flushTimer !== undefined) {
      this.clock.clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.pending.length > 0) {
      const frame = encodeBatch(this.pending);
      this.pending = [];
      for (const socket of this.batch) this.deliver(socket, frame, true);
    }
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /**
   * Resolves once every event published so far has been handed to every socket. The API
   * awaits it before answering a mutation, so that concurrent mutations share one batch
   * frame and still reach every client before their HTTP response (protocol.md §2).
   */
  delivered(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push(resolve));
  }

  /** Takes an open socket: Hello, then a replay or a Resync when `since` is given, then live. */
  attach(socket: WebSocket, options: AttachOptions = {}): void {
    // Pending events are in the ring already; flushing first keeps the new socket from
    // getting them twice (once replayed, once batched).
    this.flush();
    (options.batch ? this.batch : this.plain).add(socket);
    socket.on('pong', this.onPong);
    socket.on('close', this.onClose);
    socket.on('message', onMessage);
    socket.on('error', ignore);
    const hello = helloMessage(this.epoch, this.lastSeq, this.heartbeatMs, this.dir, this.status);
    this.deliver(socket, encode(hello), false);
    if (options.since === undefined) return;
    const since = /^\d{1,15}$/.test(options.since) ? Number(options.since) : undefined;
    let reason: 'epoch' | 'too_old' | 'ahead' | undefined;
    let replay: Buffer[] | undefined;
    if (options.epoch !== this.epoch) reason = 'epoch';
    else if (since === undefined) reason = 'too_old';
    else if (since > this.lastSeq) reason = 'ahead';
    else if ((replay = this.ring.after(since)) === undefined) reason = 'too_old';
    if (reason !== undefined) {
      this.deliver(socket, encode(resyncMessage(this.epoch, this.lastSeq, reason)), false);
      return;
    }
    if (!replay) return;
    if (options.batch) {
      for (let i = 0; i < replay.length; i += REPLAY_CHUNK) {
        this.deliver(socket, encodeBatch(replay.slice(i, i + REPLAY_CHUNK)), false);
      }
    } else {
      for (const data of replay) this.deliver(socket, data, false);
    }
  }

  /** Closes every socket with 1001, terminating those that do not finish in time. */
  async close(): Promise<void> {
    this.stopHeartbeat?.();
    this.stopHeartbeat = undefined;
    this.flush();
    const sockets = [...this.plain, ...this.batch, ...this.closing];
    if (sockets.length === 0) return;
    await new Promise<void>((resolve) => {
      const timer = this.clock.setTimeout(() => sockets.forEach((s) => s.terminate()), this.closeGraceMs);
      this.onEmpty = () => {
        this.clock.clearTimeout(timer);
        resolve();
      };
      for (const socket of sockets) socket.close(CLOSE_GOING_AWAY, 'server shutdown');
    });
    this.onEmpty = undefined;
  }

  private deliver(socket: WebSocket, data: Buffer, live: boolean): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    // A replay may legitimately queue more than the bound; only live sends judge the reader.
    if (live && socket.bufferedAmount > this.slowBytes) {
      this.plain.delete(socket);
      this.batch.delete(socket);
      this.closing.add(socket);
      socket.close(CLOSE_SLOW_CONSUMER, 'slow consumer');
      return;
    }
    socket.send(data, TEXT);
  }

  private beat(): void {
    // A closing socket is never ponged (no ping sent), so it is terminated one beat later.
    for (const set of [this.plain, this.batch, this.closing]) {
      for (const socket of set) {
        if (this.waiting.has(socket)) {
          socket.terminate();
          continue;
        }
        this.waiting.add(socket);
        if (socket.readyState === WebSocket.OPEN) socket.ping();
      }
    }
  }
}

function ignore(): void {}

/** `{"type":"Ping"}` gets `{"type":"Pong"}`; every other client frame is ignored. */
function onMessage(this: WebSocket, data: unknown, isBinary: boolean): void {
  if (isBinary || !Buffer.isBuffer(data) || data.length > 256) return;
  let message: unknown;
  try {
    message = JSON.parse(data.toString('utf8'));
  } catch {
    return;
  }
  if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'Ping') {
    if (this.readyState === WebSocket.OPEN) this.send(PONG, TEXT);
  }
}
