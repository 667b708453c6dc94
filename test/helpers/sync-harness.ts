/**
 * Drives real sync engines against a real server for convergence tests: sockets the test
 * can drop, block or pause, a clock with short reconnect delays, an invariant monitor,
 * and a quiescence wait that compares every engine's table with `GET /api/cassettes`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { WebSocket } from 'ws';
import type { Clock, SyncEngine, SyncUpdate, WebSocketCtor } from '../../src/client/index.js';
import { normalizeSummary, type CassetteSummary } from '../../src/protocol/index.js';

/** Real time, but reconnect delays (≤ 30 s) cut to at most `capMs`, so chaos runs stay fast. */
export function fastClock(capMs = 100): Clock {
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => {
      const t = setTimeout(fn, ms > 30_000 ? ms : Math.min(ms, capMs));
      t.unref();
      return t;
    },
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}

/** Control over one engine's sockets. */
export interface SocketControl {
  /** The constructor to pass as `createSync({WebSocket})`. */
  readonly WebSocket: WebSocketCtor;
  /** Sockets opened so far, newest last. */
  readonly opened: WebSocket[];
  /** Close codes seen by this engine's sockets. */
  readonly closeCodes: number[];
  /** Abruptly ends the current socket (like a dropped network). */
  drop(): void;
  /** While blocked, new connections go to a closed port and fail. */
  blocked: boolean;
  /** Stops reading the current socket (the server's send buffer fills up). */
  pause(): void;
  resume(): void;
}

export function socketControl(): SocketControl {
  const opened: WebSocket[] = [];
  const closeCodes: number[] = [];
  const control = {
    opened,
    closeCodes,
    blocked: false,
  } as SocketControl & { blocked: boolean };
  class Tracked extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      const [address, ...rest] = args;
      super(control.blocked ? 'ws://127.0.0.1:1/ws' : address, ...(rest as [])); // port 1: refused
      opened.push(this);
      this.on('close', (code: number) => closeCodes.push(code));
    }
  }
  const current = (): WebSocket | undefined => opened.at(-1);
  return Object.assign(control, {
    WebSocket: Tracked as unknown as WebSocketCtor,
    drop: () => current()?.terminate(),
    pause: () => {
      const ws = current();
      if (ws?.readyState === WebSocket.OPEN) ws.pause();
    },
    resume: () => {
      for (const ws of opened) if (ws.isPaused) ws.resume();
    },
  });
}

/** Comparable form of a summary (what the table shows and what the server lists). */
export function comparable(s: CassetteSummary): CassetteSummary {
  const n = normalizeSummary(s);
  if (!n) throw new Error(`not a summary: ${JSON.stringify(s)}`);
  return { ...n, mode: n.mode ?? 'auto' };
}

const byName = (a: CassetteSummary, b: CassetteSummary): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

export function tableRows(engine: SyncEngine): CassetteSummary[] {
  return [...engine.table.values()].map(comparable).sort(byName);
}

export async function serverRows(
  baseUrl: string,
  headers: Record<string, string> = {},
): Promise<CassetteSummary[]> {
  const res = await request(`${baseUrl}/api/cassettes`, { headers });
  if (res.statusCode !== 200) throw new Error(`GET /api/cassettes: ${res.statusCode}`);
  const body = (await res.body.json()) as { 'hydra:member': CassetteSummary[] };
  return body['hydra:member'].map(comparable).sort(byName);
}

/** What the directory holds: name → description, or `'unreadable'`. */
export async function diskRows(dir: string): Promise<Map<string, string | null | 'unreadable'>> {
  const out = new Map<string, string | null | 'unreadable'>();
  for (const f of await readdir(dir)) {
    if (!f.endsWith('.json') || f.startsWith('.')) continue;
    let description: string | null | 'unreadable' = 'unreadable';
    try {
      const doc = JSON.parse(await readFile(join(dir, f), 'utf8')) as {
        description?: unknown;
        interactions?: unknown;
      };
      if (Array.isArray(doc.interactions))
        description = typeof doc.description === 'string' ? doc.description : null;
    } catch {
      // torn or garbage: listed with an error
    }
    out.set(f.slice(0, -5), description);
  }
  return out;
}

/**
 * Watches one engine's updates for things that must never happen: an event for a name
 * deleted by an earlier event other than a Created, seqs going backwards within an
 * epoch, a snapshot naming a row twice, the table disagreeing with a snapshot's changes or
 * with an applied event.
 */
export function monitor(
  engine: SyncEngine,
  label: string,
): { violations: string[]; updates: number; stop(): void } {
  const violations: string[] = [];
  const gone = new Set<string>();
  let last: { epoch: string; seq: number } | undefined;
  const state = { violations, updates: 0, stop: () => undefined as void };
  state.stop = engine.subscribe((u: SyncUpdate) => {
    state.updates++;
    if (u.type === 'snapshot') {
      gone.clear();
      const names = u.changes.map((c) => c.name);
      if (new Set(names).size !== names.length)
        violations.push(`${label}: snapshot with duplicate changes ${names.join(',')}`);
      for (const c of u.changes) {
        if ((c.kind === 'deleted') === engine.table.has(c.name))
          violations.push(`${label}: snapshot says ${c.name} ${c.kind}, the table disagrees`);
      }
      last = u.epoch !== null && u.seq !== null ? { epoch: u.epoch, seq: u.seq } : undefined;
      return;
    }
    if (u.type !== 'event') return;
    const e = u.event;
    if (e.seq >= 0 && last && e.epoch === last.epoch && e.seq <= last.seq) {
      violations.push(`${label}: ${e.type} seq ${e.seq} after seq ${last.seq} (epoch ${e.epoch})`);
    }
    if (e.seq >= 0) last = { epoch: e.epoch, seq: e.seq };
    if (e.type === 'CassetteDeleted') {
      gone.add(e.name);
      if (engine.table.has(e.name))
        violations.push(`${label}: ${e.name} still in the table after its Deleted event`);
    } else if (e.type === 'CassetteCreated') {
      gone.delete(e.cassette.name);
    } else if (gone.has(e.cassette.name)) {
      violations.push(
        `${label}: ${e.cassette.name} reappeared by ${e.type} (seq ${e.seq}) after its Deleted event`,
      );
    }
  });
  return state;
}

function describeDiff(a: CassetteSummary[], b: CassetteSummary[]): string {
  const am = new Map(a.map((r) => [r.name, JSON.stringify(r)]));
  const bm = new Map(b.map((r) => [r.name, JSON.stringify(r)]));
  const lines: string[] = [];
  for (const [n, v] of am)
    if (bm.get(n) !== v) lines.push(`  ${n}: engine ${v} / server ${bm.get(n) ?? '(absent)'}`);
  for (const [n, v] of bm) if (!am.has(n)) lines.push(`  ${n}: engine (absent) / server ${v}`);
  return lines.join('\n');
}

/**
 * Resolves once, at one moment, the server list matches `expected` (if given) and every
 * engine's table deep-equals it. Re-checked on every engine update, and at most every
 * `recheckMs` as a safety net (a change the engines never hear about must still be seen).
 * Rejects on timeout with the differences.
 */
export async function waitConverged(
  engines: { engine: SyncEngine; label: string }[],
  baseUrl: string,
  options: {
    timeoutMs?: number;
    recheckMs?: number;
    headers?: Record<string, string>;
    expected?: () => Promise<(rows: CassetteSummary[]) => string | undefined>;
  } = {},
): Promise<CassetteSummary[]> {
  const { timeoutMs = 20_000, recheckMs = 250 } = options;
  let lastProblem = 'not checked yet';
  let checking = false;
  let again = false;
  return new Promise<CassetteSummary[]>((resolve, reject) => {
    let done = false;
    const unsubs: (() => void)[] = [];
    const finish = (): void => {
      done = true;
      clearTimeout(timer);
      clearInterval(interval);
      for (const u of unsubs) u();
    };
    const check = async (): Promise<void> => {
      if (done) return;
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      try {
        const rows = await serverRows(baseUrl, options.headers);
        const mismatch = options.expected ? (await options.expected())(rows) : undefined;
        if (mismatch) {
          lastProblem = `server list does not match the directory yet: ${mismatch}`;
        } else {
          const bad = engines.filter(
            ({ engine }) => JSON.stringify(tableRows(engine)) !== JSON.stringify(rows),
          );
          if (bad.length === 0 && engines.every(({ engine }) => engine.status.kind === 'live')) {
            if (!done) {
              finish();
              resolve(rows);
            }
            return;
          }
          lastProblem =
            bad
              .map(
                ({ engine, label }) =>
                  `${label} (${engine.status.kind}):\n${describeDiff(tableRows(engine), rows)}`,
              )
              .join('\n') ||
            `not all live: ${engines.map(({ engine, label }) => `${label}=${engine.status.kind}`).join(', ')}`;
        }
      } catch (error) {
        lastProblem = `server not answering: ${(error as Error).message}`;
      } finally {
        checking = false;
      }
      if (again && !done) {
        again = false;
        void check();
      }
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`not converged after ${timeoutMs} ms:\n${lastProblem}`));
    }, timeoutMs);
    const interval = setInterval(() => void check(), recheckMs);
    for (const { engine } of engines) unsubs.push(engine.subscribe(() => void check()));
    void check();
  });
}

/** A checker for `waitConverged({expected})`: the server lists exactly what is on disk. */
export function matchesDisk(dir: string): () => Promise<(rows: CassetteSummary[]) => string | undefined> {
  return async () => {
    const disk = await diskRows(dir);
    return (rows) => {
      const names = rows.map((r) => r.name);
      const want = [...disk.keys()].sort();
      if (JSON.stringify(names) !== JSON.stringify(want))
        return `names ${names.join(',')} vs disk ${want.join(',')}`;
      for (const r of rows) {
        const d = disk.get(r.name);
        if (d === 'unreadable' ? r.error === undefined : r.error !== undefined || r.description !== d) {
          return `${r.name}: listed ${JSON.stringify({ description: r.description, error: r.error })} vs disk ${JSON.stringify(d)}`;
        }
      }
      return undefined;
    };
  };
}
