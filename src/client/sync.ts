import {
  withStatus,
  isCassetteEvent,
  type CassetteEvent,
  type CassetteSummary,
  type HelloMessage,
  type ServerMessage,
} from '../protocol/index.js';
import { createApi } from './api.js';
import { BACKOFF_RESET_AFTER_MS, backoffDelay } from './backoff.js';
import { systemClock, type TimerHandle } from './clock.js';
import { failedEngine } from './failed-engine.js';
import { formatMs, type SyncLog, type SyncLogEvent } from './log.js';
import {
  DEFAULT_DEAD_AFTER_MS,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_POLL_INTERVAL_MS,
  POLL_TIMEOUT_MS,
  type EngineOptions,
  type Platform,
} from './options.js';
import { flavorInfo, outcomeOfEnd, outcomeOfError, type Outcome } from './outcome.js';
import { createPoller } from './poller.js';
import type { RestContext } from './rest.js';
import { fetchSnapshot, type ListFlavor, type Snapshot } from './snapshot.js';
import { openSocket, type SocketHandle } from './socket.js';
import { applyEvent, diffTables, judgeEvent, replaceTable, type StreamPosition } from './stream.js';
import type { ConnectionStatus, ServerInfo, SnapshotReason, SyncEngine, SyncUpdate } from './types.js';
import { parseBaseUrl, wsUrl, type BaseUrl } from './urls.js';

/** One `/ws` connection and what the engine is doing on it. */
interface Connection {
  socket: SocketHandle;
  /** Aborts the snapshot fetches made for this connection when it ends. */
  abort: AbortController;
  /** Connected with `since`/`epoch`: the server replays, no list needed. */
  resumed: boolean;
  hello: HelloMessage | null;
  listing: Promise<void> | null;
  /** Events that arrived while listing; applied after the snapshot if seq > L. */
  buffer: CassetteEvent[];
  live: boolean;
  /** When the attempt started (clock ms), for the log's timings. */
  startedAt: number;
}

const MAX_ATTEMPT = Number.MAX_SAFE_INTEGER;

function sameStatus(a: ConnectionStatus, b: ConnectionStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Calls `f`; an exception is rethrown later, so a broken subscriber or log neither breaks the engine nor is hidden. */
function isolated(f: () => void): void {
  try {
    f();
  } catch (err) {
    queueMicrotask(() => {
      throw err;
    });
  }
}

function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'now':
      return 'reconnecting at once';
    case 'poll':
      return 'the server has no /ws: polling';
    case 'retry':
      return `${outcome.reason}; retrying`;
    case 'failed':
      return `${outcome.reason}; needs the user, retrying slowly`;
    case 'probe':
      return 'the socket failed and the runtime hid why: asking the REST API';
  }
}

/**
 * The list+watch engine (protocol.md §4): keeps a table equal to the server's, over `/ws`
 * with resume, or by polling a server without `/ws`. Runtime-neutral: `platform` comes
 * from an entry point (`createSync` of client/index.ts in Node, of client/browser.ts in a
 * page), and `options.fetch` overrides its fetch.
 */
export function createEngine(options: EngineOptions, platform: Platform): SyncEngine {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const deadAfterMs = options.deadAfterMs ?? DEFAULT_DEAD_AFTER_MS;
  const batch = options.batch ?? true;
  const parsed = parseBaseUrl(options.url);
  if ('error' in parsed) return failedEngine(parsed.error);
  const base: BaseUrl = parsed;
  const given = options.log;
  const sink: SyncLog | undefined = given && ((entry) => isolated(() => given(entry)));
  const log = (event: SyncLogEvent, message: string): void => sink?.({ event, message });
  const rest: RestContext = {
    origin: base.origin,
    fetch: options.fetch ?? platform.fetch,
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(sink ? { trace: { log: sink, clock } } : {}),
  };
  const engineAbort = new AbortController();

  let status: ConnectionStatus = { kind: 'connecting' };
  let info: ServerInfo = { flavor: 'unknown', canCreate: false, canUpdate: false };
  const table = new Map<string, CassetteSummary>();
  const pos: StreamPosition = { epoch: null, seq: null };
  const listeners = new Set<(update: SyncUpdate) => void>();
  const inflight = new Set<Promise<unknown>>();
  let started = false;
  let stopped = false;
  let snapshotted = false;
  let listFlavor: ListFlavor | undefined;
  let mode: 'ws' | 'poll' = 'ws';
  let attempt = 0;
  let liveSince: number | null = null;
  let retryTimer: TimerHandle | undefined;
  let connection: Connection | null = null;

  function emit(update: SyncUpdate): void {
    for (const listener of [...listeners]) isolated(() => listener(update));
  }
  function setStatus(next: ConnectionStatus): void {
    if (sameStatus(status, next)) return;
    status = next;
    emit({ type: 'status', status });
  }
  function setInfo(next: ServerInfo): void {
    if (JSON.stringify(info) === JSON.stringify(next)) return;
    info = next;
    emit({ type: 'server', info });
  }
  function track<T>(p: Promise<T>): Promise<T> {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => undefined);
    return p;
  }

  function takeSnapshot(snap: Snapshot, reason: SnapshotReason, hello: HelloMessage | null): void {
    const changes = replaceTable(table, snap.cassettes);
    pos.epoch = snap.epoch ?? hello?.epoch ?? null;
    pos.seq = snap.seq ?? hello?.seq ?? null;
    listFlavor = snap.flavor;
    snapshotted = true;
    setInfo(flavorInfo(snap.flavor, hello));
    emit({ type: 'snapshot', changes, epoch: pos.epoch, seq: pos.seq, reason });
  }

  function apply(e: CassetteEvent): void {
    const change = applyEvent(table, e);
    if (e.seq >= 0) pos.seq = e.seq;
    if (pos.epoch === null && e.epoch !== '') pos.epoch = e.epoch;
    emit({ type: 'event', event: e, change });
  }

  // ---- /ws mode ----

  function connect(): void {
    retryTimer = undefined;
    if (stopped) return;
    if (status.kind !== 'failed') setStatus({ kind: 'connecting' });
    const resume =
      snapshotted && pos.epoch !== null && pos.seq !== null
        ? { since: pos.seq, epoch: pos.epoch }
        : undefined;
    const s: Connection = {
      socket: undefined as unknown as SocketHandle,
      abort: new AbortController(),
      resumed: resume !== undefined,
      hello: null,
      listing: null,
      buffer: [],
      live: false,
      startedAt: clock.now(),
    };
    connection = s;
    const url = wsUrl(base, resume, batch);
    log('connect', `${url} (attempt ${attempt + 1})`);
    s.socket = openSocket({
      url,
      ...(options.token !== undefined ? { token: options.token } : {}),
      dial: platform.dial,
      clock,
      pingIntervalMs: options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS,
      deadAfterMs,
      onOpen: () => {
        log('open', `${url} in ${formatMs(clock.now() - s.startedAt)}`);
        // Listing at open (not after Hello) also serves servers that send no Hello.
        if (!s.resumed) void relist(s, snapshotted ? 'reconnect' : 'initial');
      },
      onMessage: (m) => onMessage(s, m),
      onEnd: (end) => finish(s, outcomeOfEnd(end)),
    });
  }

  function onMessage(s: Connection, m: ServerMessage): void {
    if (connection !== s) return;
    if (isCassetteEvent(m)) {
      if (s.listing) s.buffer.push(m);
      else handleEvent(s, m);
      return;
    }
    if (m.type === 'Hello') {
      s.hello = m;
      log('hello', `${m.server} epoch ${m.epoch} seq ${m.seq} heartbeat ${m.heartbeat_ms} ms`);
      emit({ type: 'hello', hello: m });
      if (options.pingIntervalMs === undefined) {
        s.socket.setPingInterval(Math.min(DEFAULT_PING_INTERVAL_MS, m.heartbeat_ms));
      }
      setInfo(flavorInfo('magneto-watch', m));
      if (s.resumed && !s.live && !s.listing) {
        if (m.epoch === pos.epoch && pos.seq !== null && m.seq >= pos.seq) goLive(s);
        else void relist(s, m.epoch === pos.epoch ? 'resync' : 'epoch');
      }
    } else if (m.type === 'Status' && s.hello) {
      // The server's whole status, in place of what Hello said (protocol.md §3.7).
      s.hello = withStatus(s.hello, m);
      setInfo(flavorInfo(listFlavor ?? 'magneto-watch', s.hello));
    } else if (m.type === 'Resync') {
      log('resync', `${m.reason} (server at epoch ${m.epoch} seq ${m.seq})`);
      // A list started after this connection opened already covers what the Resync says.
      if (!s.listing) void relist(s, m.reason === 'epoch' ? 'epoch' : 'resync');
    }
  }

  function handleEvent(s: Connection, e: CassetteEvent): void {
    const verdict = judgeEvent(pos, e);
    if (verdict === 'drop') return;
    if (verdict === 'apply') return apply(e);
    log(
      'gap',
      verdict === 'epoch'
        ? `event of epoch ${e.epoch} while at ${pos.epoch}: re-listing`
        : `event seq ${e.seq} after ${pos.seq}: re-listing`,
    );
    s.buffer.push(e);
    void relist(s, verdict);
  }

  function relist(s: Connection, reason: SnapshotReason): Promise<void> {
    if (s.listing) return s.listing;
    const run = (async () => {
      const t0 = clock.now();
      try {
        const snap = await fetchSnapshot(rest, base, s.abort.signal, listFlavor);
        if (connection !== s) return;
        log(
          'list',
          `${reason}: ${snap.cassettes.length} cassettes at seq ${snap.seq ?? '—'} (${snap.flavor}) in ${formatMs(clock.now() - t0)}`,
        );
        takeSnapshot(snap, reason, s.hello);
        s.listing = null;
        const buffered = s.buffer;
        s.buffer = [];
        for (const e of buffered) {
          if (connection !== s) return;
          if (s.listing) s.buffer.push(e);
          else handleEvent(s, e);
        }
        if (!s.listing && connection === s) goLive(s);
      } catch (err) {
        if (connection === s) {
          log('list-failed', `${reason} after ${formatMs(clock.now() - t0)}: ${(err as Error).message}`);
          s.listing = null;
          finish(s, outcomeOfError(err));
        }
      }
    })();
    s.listing = run;
    return track(run);
  }

  function goLive(s: Connection): void {
    if (!s.live) {
      s.live = true;
      liveSince = clock.now();
    }
    setStatus({ kind: 'live' });
  }

  /** Ends the connection (if still current) and decides what comes next. */
  function finish(s: Connection, outcome: Outcome): void {
    if (connection !== s) return;
    connection = null;
    log('end', `after ${formatMs(clock.now() - s.startedAt)}: ${describeOutcome(outcome)}`);
    s.abort.abort();
    void s.socket.close();
    next(outcome);
  }

  function next(outcome: Outcome): void {
    if (stopped) return;
    switch (outcome.kind) {
      case 'now':
        return connect();
      case 'poll':
        mode = 'poll';
        return void track(poller.poll());
      case 'probe':
        return void track(probe());
      case 'failed':
      case 'retry':
        return scheduleRetry(outcome);
    }
  }

  /**
   * `/ws` failed without saying why (a browser hides the status of a refused upgrade):
   * the list says whether the token is refused (401/403: failed), the server is down
   * (network: retry), or has no `/ws` at all (an upstream list: poll) (protocol.md §4.3).
   */
  async function probe(): Promise<void> {
    let outcome: Outcome;
    try {
      const snap = await fetchSnapshot(rest, base, engineAbort.signal, listFlavor);
      outcome =
        snap.flavor === 'magneto-watch'
          ? { kind: 'retry', reason: '/ws refused the connection' }
          : { kind: 'poll' };
    } catch (err) {
      outcome = outcomeOfError(err);
    }
    if (!stopped) next(outcome);
  }

  function scheduleRetry(outcome: Extract<Outcome, { kind: 'failed' | 'retry' }>): void {
    // A connection that dropped before 10 s live keeps growing the delay (protocol.md §4.3).
    if (liveSince !== null && clock.now() - liveSince >= BACKOFF_RESET_AFTER_MS) attempt = 0;
    liveSince = null;
    attempt++;
    const failed = outcome.kind === 'failed';
    const delay = backoffDelay(failed ? MAX_ATTEMPT : attempt - 1, random);
    const retryAt = clock.now() + delay;
    setStatus(
      outcome.kind === 'failed'
        ? { kind: 'failed', reason: outcome.reason, ...(outcome.code ? { code: outcome.code } : {}), retryAt }
        : { kind: 'reconnecting', attempt, retryAt, reason: outcome.reason },
    );
    retryTimer = clock.setTimeout(() => {
      retryTimer = undefined;
      if (mode === 'poll') void track(poller.poll());
      else connect();
    }, delay);
  }

  // ---- polling mode (no /ws) ----

  const poller = createPoller({
    clock,
    intervalMs: pollIntervalMs,
    timeoutMs: POLL_TIMEOUT_MS,
    list: (signal) => fetchSnapshot(rest, base, signal, listFlavor),
    onSnapshot: (snap) => {
      if (!snapshotted) takeSnapshot(snap, 'initial', null);
      else {
        listFlavor = snap.flavor;
        setInfo(flavorInfo(snap.flavor, null));
        for (const e of diffTables(table, snap.cassettes, new Date(clock.now()).toISOString())) apply(e);
      }
      liveSince ??= clock.now();
      setStatus({ kind: 'polling', intervalMs: pollIntervalMs });
    },
    onFailure: (outcome) => {
      log('end', `poll: ${describeOutcome(outcome)}`);
      next(outcome);
    },
  });

  /** One listing, outside the live connection (protocol.md §4.5: it also tells the server's kind). */
  async function listOnce(): Promise<CassetteSummary[]> {
    const t0 = clock.now();
    const snap = await fetchSnapshot(rest, base, engineAbort.signal, listFlavor);
    log(
      'list',
      `one-shot: ${snap.cassettes.length} cassettes (${snap.flavor}) in ${formatMs(clock.now() - t0)}`,
    );
    listFlavor = snap.flavor;
    setInfo(flavorInfo(snap.flavor, connection?.hello ?? null));
    return snap.cassettes;
  }

  async function relistNow(): Promise<void> {
    if (!started || stopped) return;
    if (mode === 'poll') {
      try {
        takeSnapshot(await fetchSnapshot(rest, base, engineAbort.signal, listFlavor), 'relist', null);
      } catch {
        // The next poll reports the failure on the status line.
      }
      return;
    }
    if (connection) return relist(connection, 'relist');
    // Waiting to reconnect: try now.
    if (retryTimer !== undefined) clock.clearTimeout(retryTimer);
    connect();
  }

  const api = createApi({ rest, base, flavor: () => info.flavor, signal: engineAbort.signal });

  return {
    get status() {
      return status;
    },
    get info() {
      return info;
    },
    table,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    start() {
      if (started || stopped) return;
      started = true;
      log('start', base.origin + base.prefix);
      connect();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      log('stop', base.origin + base.prefix);
      if (retryTimer !== undefined) clock.clearTimeout(retryTimer);
      retryTimer = undefined;
      engineAbort.abort();
      const polling = poller.stop();
      const s = connection;
      connection = null;
      if (s) {
        s.abort.abort();
        await s.socket.close();
      }
      await Promise.allSettled([polling, ...inflight]);
    },
    relist: () => track(relistNow()),
    list: () => track(listOnce()),
    create: (input) => track(api.create(input)),
    update: (name, patch) => track(api.update(name, patch)),
    remove: (name) => track(api.remove(name)),
    details: (name) => track(api.details(name)),
    interactions: (name) => track(api.interactions(name)),
    interaction: (name, index, options) => track(api.interaction(name, index, options)),
  };
}
