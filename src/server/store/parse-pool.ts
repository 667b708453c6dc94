import type { Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CassetteMeta, SecretScan } from './cassette-file.js';
import { parseWorkerSource } from './worker-source.js';

/** What identifies a version of a file in the index: a change of any means "read again". */
export type FileStamp = Pick<Stats, 'ino' | 'mtimeMs' | 'size'>;

/** main → worker: read and parse this file. */
export interface ParseRequest {
  id: number;
  path: string;
  /** The store's secret scan bounds (protocol.md §2.5), or false to skip it. */
  scan: SecretScan;
}

/**
 * worker → main: `ready` once it listens; then for each request the file's stamp and
 * metadata, or that it is absent, or the read's error.
 */
export type ParseReply =
  | { kind: 'ready' }
  | { id: number; kind: 'file'; ino: number; mtimeMs: number; size: number; meta: CassetteMeta }
  | { id: number; kind: 'absent' }
  | { id: number; kind: 'error'; code: string | undefined; message: string };

/** A file read and parsed by a worker. */
export interface ParsedFile {
  stamp: FileStamp;
  meta: CassetteMeta;
}

/** The pool cannot answer (a worker failed to start or died): the caller reads the file itself. */
export class PoolFailure extends Error {}

export interface ParsePool {
  readonly size: number;
  /**
   * A worker is up: until then the caller parses on the main thread, so that starting the
   * threads (tens of milliseconds each, more on a busy machine) delays nothing.
   */
  readonly ready: boolean;
  /**
   * Reads and parses the file at `path` in the least busy ready worker: undefined when it is absent
   * or not a regular file; a read error rejects with the error's `code`, as a read on the main
   * thread would; a failed pool rejects with {@link PoolFailure}.
   */
  load(path: string, scan?: SecretScan): Promise<ParsedFile | undefined>;
  /** Why the pool failed before it was closed (a worker could not start or died), if it did. */
  readonly failure: PoolFailure | undefined;
  /** Terminates the workers; pending loads reject with {@link PoolFailure}. */
  close(): Promise<void>;
}

/** Upper bound of the pool: past a few workers the main thread's own share of the work limits. */
export const MAX_PARSE_WORKERS = 8;

/** One worker per core the process may run on, up to {@link MAX_PARSE_WORKERS}; none on one core. */
export function defaultParseWorkers(parallelism: number = availableParallelism()): number {
  return parallelism > 1 ? Math.min(parallelism, MAX_PARSE_WORKERS) : 0;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  pending: Map<number, { resolve: (file: ParsedFile | undefined) => void; reject: (err: Error) => void }>;
}

function settle(slot: Slot, reply: ParseReply): void {
  if (reply.kind === 'ready') {
    slot.ready = true;
    return;
  }
  const waiter = slot.pending.get(reply.id);
  if (!waiter) return;
  slot.pending.delete(reply.id);
  if (reply.kind === 'file') {
    const { ino, mtimeMs, size, meta } = reply;
    waiter.resolve({ stamp: { ino, mtimeMs, size }, meta });
  } else if (reply.kind === 'absent') waiter.resolve(undefined);
  else waiter.reject(Object.assign(new Error(reply.message), { code: reply.code }));
}

/**
 * Starts `size` parse workers (parse-worker.ts) for the store's first index. They start in
 * the background: the pool is {@link ParsePool.ready} once one of them is.
 */
export async function startParsePool(size: number): Promise<ParsePool> {
  const source = await parseWorkerSource();
  let failure: PoolFailure | undefined;
  let closed = false;
  let nextId = 0;
  const slots: Slot[] = [];

  const fail = (slot: Slot, why: string): void => {
    failure ??= new PoolFailure(why);
    for (const waiter of slot.pending.values()) waiter.reject(failure);
    slot.pending.clear();
  };

  for (let i = 0; i < size; i++) {
    const slot: Slot = { worker: new Worker(source, { eval: true }), ready: false, pending: new Map() };
    slot.worker.on('message', (reply: ParseReply) => settle(slot, reply));
    slot.worker.on('error', (err) => fail(slot, `parse worker failed: ${err.message}`));
    slot.worker.on('exit', (code) => fail(slot, `parse worker exited (${code})`));
    slots.push(slot);
  }

  return {
    size,
    get ready() {
      return failure === undefined && slots.some((s) => s.ready);
    },
    get failure() {
      return closed ? undefined : failure;
    },
    load(path, scan = {}) {
      if (failure) return Promise.reject(failure);
      let best: Slot | undefined;
      for (const s of slots) if (s.ready && (!best || s.pending.size < best.pending.size)) best = s;
      if (!best) return Promise.reject(new PoolFailure('no parse worker is ready'));
      const slot = best;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, path, scan } satisfies ParseRequest);
      });
    },
    async close() {
      closed = true;
      failure ??= new PoolFailure('the parse pool is closed');
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
