import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, stat, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  ErrorCode,
  MagnetoError,
  alreadyExists,
  notFound,
  type CassetteDetails,
  type CassetteName,
  type CassetteSummary,
  type CreateInput,
  type InteractionSummary,
  type UpdateInput,
} from '../../protocol/index.js';
import { systemClock, type Clock } from '../../protocol/clock.js';
import type { CassetteStore, StoreChange } from '../types.js';
import { writeFileAtomic } from './atomic-write.js';
import { newCassetteDoc, patchCassetteDoc, serialiseCassette } from './cassette-edit.js';
import {
  metaOf,
  parseCassette,
  detailsOf,
  toSummary,
  unreadableMeta,
  type CassetteMeta,
  type ParseCassette,
  type ParsedCassette,
  type SecretScan,
} from './cassette-file.js';
import { decodeInteraction } from './interaction-detail.js';
import { compareNames } from './compare-names.js';
import { summariseInteractions } from './interaction-summary.js';
import { forEachBounded } from './for-each-bounded.js';
import { createKeyedLock } from './name-lock.js';
import { cassettePath, stemOf } from './safe-path.js';
import { dirError, errno, ioError, isAbsence, unreadable } from './store-errors.js';
import { watchDirectory, type DirWatcher, type DirWatcherOptions } from './watcher.js';

export interface StoreOptions {
  /** The cassette directory; resolved to an absolute path. */
  dir: string;
  /** Quiet time after the last fs event on a file before it is re-read. @default 50 */
  debounceMs?: number;
  /** Watch the directory for external changes. @default true */
  watch?: boolean;
  /** Time of `recorded_at` of new cassettes, and the watcher's timers. @default systemClock */
  clock?: Clock;
  /** Period of the stat-only safety-net rescan while watching; 0 disables it. @default 30000 */
  reconcileMs?: number;
  /** Files read in parallel by a scan. @default 32 */
  concurrency?: number;
  /** Parses one file's text; injected by tests to count parses. @default parseCassette */
  parse?: ParseCassette;
  /**
   * Bounds of the secret scan of each indexed file (protocol.md §2.5); `false` skips it, for
   * the benchmark's baseline only: summaries then have no `secrets_count`.
   * @default { maxBytes: 2 MiB, maxMs: 50 }
   */
  secretScan?: SecretScan;
  /** The directory watcher primitive; injected by tests to simulate failures. @default fs.watch */
  watchFn?: DirWatcherOptions['watch'];
  /** Receives watcher failures and exceptions thrown by change listeners. @default ignore */
  onError?: (err: unknown) => void;
}

/** The store, plus a way to force the safety-net rescan (tests, SIGHUP-like uses). */
export interface Store extends CassetteStore {
  /** Stats every file and index entry; re-reads only what changed. */
  reconcile(): Promise<void>;
}

interface Entry {
  ino: number;
  mtimeMs: number;
  size: number;
  summary: CassetteSummary;
  details: CassetteDetails;
}

interface Loaded {
  stats: Stats;
  text: string;
  parsed: ParsedCassette;
}

/** Creates the store over `options.dir` (protocol.md §1). Call `start()` before listing. */
export function createStore(options: StoreOptions): Store {
  const dir = resolve(options.dir);
  const parse = options.parse ?? parseCassette;
  const scan: SecretScan = options.secretScan ?? {};
  const clock = options.clock ?? systemClock;
  const now = (): Date => new Date(clock.now());
  const concurrency = options.concurrency ?? 32;
  const onError = options.onError ?? (() => undefined);
  const index = new Map<string, Entry>();
  const listeners = new Set<(change: StoreChange) => void>();
  const lock = createKeyedLock();
  const inflight = new Set<Promise<unknown>>();
  const early = new Set<string>();
  /** The sorted, frozen list; rebuilt on the first `list()` after an index change. */
  let sorted: readonly CassetteSummary[] | undefined;
  let state: 'new' | 'starting' | 'ready' | 'closed' = 'new';
  let started: Promise<void> | undefined;
  let watcher: DirWatcher | undefined;
  let rescan: Promise<void> | undefined;
  let rescanAgain = false;

  // A function, not a comparison, because TypeScript narrows `state` across awaits.
  const isClosed = (): boolean => state === 'closed';

  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    const done = (): void => void inflight.delete(p);
    p.then(done, done);
    return p;
  };

  const emit = (change: StoreChange): void => {
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (err) {
        onError(err);
      }
    }
  };

  const setEntry = (name: string, stats: Stats, meta: CassetteMeta): Entry => {
    const summary = Object.freeze(toSummary(name, meta, stats.size));
    const details = Object.freeze(detailsOf(summary, meta));
    const entry = { ino: stats.ino, mtimeMs: stats.mtimeMs, size: stats.size, summary, details };
    index.set(name, entry);
    sorted = undefined;
    return entry;
  };

  const dropEntry = (name: string): boolean => {
    sorted = undefined;
    return index.delete(name);
  };

  const same = (e: Entry | undefined, s: Stats): boolean =>
    e !== undefined && e.ino === s.ino && e.mtimeMs === s.mtimeMs && e.size === s.size;

  /**
   * Reads a regular file (never a symlink or FIFO: O_NOFOLLOW, O_NONBLOCK); undefined if absent.
   * `secrets` says whether its metadata needs the secret scan: only the index does.
   */
  const load = async (path: string, secrets: SecretScan): Promise<Loaded | undefined> => {
    let handle;
    try {
      handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (err) {
      if (isAbsence(err)) return undefined;
      throw err;
    }
    try {
      // fstat before reading: if the file changes meanwhile, the next event sees new stats.
      const stats = await handle.stat();
      if (!stats.isFile()) return undefined;
      // One read of the size fstat saw (readFile would stat again and read in chunks); growth
      // after the fstat shows up as a later event with new stats.
      const buf = Buffer.allocUnsafe(stats.size);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await handle.read(buf, got, buf.length - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      const text = buf.toString('utf8', 0, got);
      return { stats, text, parsed: parse(text, secrets) };
    } finally {
      await handle.close();
    }
  };

  /** Brings one index entry in line with the disk; emits only once ready. Runs under the name lock. */
  const check = async (name: string): Promise<void> => {
    if (state === 'closed') return;
    const path = cassettePath(dir, name);
    const entry = index.get(name);
    let found: { stats: Stats; meta: CassetteMeta } | undefined;
    try {
      if (entry) {
        const st = await lstat(path);
        if (st.isFile() && same(entry, st)) return;
      }
      const loaded = await load(path, scan);
      found = loaded && { stats: loaded.stats, meta: loaded.parsed.meta };
    } catch (err) {
      if (!isAbsence(err)) found = await unreadableFile(path, err); // e.g. EACCES: listed with an error
    }
    if (isClosed()) return;
    if (!found) {
      if (entry && dropEntry(name) && state === 'ready') emit({ type: 'deleted', name });
      return;
    }
    if (same(entry, found.stats)) return;
    const next = setEntry(name, found.stats, found.meta);
    if (state === 'ready') emit({ type: entry ? 'updated' : 'created', name, summary: next.summary });
  };

  const unreadableFile = async (
    path: string,
    err: unknown,
  ): Promise<{ stats: Stats; meta: CassetteMeta } | undefined> => {
    const stats = await lstat(path).catch(() => undefined);
    if (!stats?.isFile()) return undefined;
    return { stats, meta: unreadableMeta(undefined, `cannot read file (${errno(err) ?? String(err)})`) };
  };

  const checkLocked = (name: string): Promise<void> => lock.run(name, () => check(name));

  /** The decoded document of a listed, readable cassette, read now (not from the index). */
  const readDoc = async (name: string): Promise<Record<string, unknown>> => {
    const path = cassettePath(dir, name);
    if (!index.has(name)) throw notFound(name);
    const loaded = await load(path, false).catch((err: unknown) => {
      throw ioError(err);
    });
    if (!loaded) throw notFound(name);
    const { doc, meta } = loaded.parsed;
    if (!doc) throw unreadable(name, meta.error);
    return doc;
  };

  const reconcile = async (): Promise<void> => {
    if (state !== 'ready') return;
    let files: string[] = [];
    try {
      files = await readdir(dir);
    } catch (err) {
      if (!isAbsence(err)) {
        onError(err);
        return;
      }
    }
    const names = new Set<string>(index.keys());
    for (const f of files) {
      const stem = stemOf(f);
      if (stem !== undefined) names.add(stem);
    }
    await forEachBounded([...names], concurrency, checkLocked);
  };

  const requestRescan = (): void => {
    if (state !== 'ready') return;
    if (rescan) {
      rescanAgain = true;
      return;
    }
    rescan = track(
      (async () => {
        do {
          rescanAgain = false;
          await reconcile();
        } while (rescanAgain && state === 'ready');
        rescan = undefined;
      })(),
    );
  };

  const onName = (fileName: string): void => {
    const stem = stemOf(fileName);
    if (stem === undefined) return;
    if (state === 'ready') void track(checkLocked(stem));
    else if (state === 'starting') early.add(stem);
  };

  const start = async (): Promise<void> => {
    if (state === 'closed') throw new MagnetoError(ErrorCode.Io, 'the cassette store is closed', 503);
    state = 'starting';
    let st: Stats;
    try {
      st = await stat(dir);
    } catch (err) {
      throw dirError(dir, err);
    }
    if (!st.isDirectory())
      throw new MagnetoError(ErrorCode.Io, `cassette directory is not a directory: ${dir}`);
    if (options.watch ?? true) {
      // Watch before scanning so that nothing written during the scan is missed.
      watcher = watchDirectory({
        dir,
        onName,
        onRescan: requestRescan,
        debounceMs: options.debounceMs,
        reconcileMs: options.reconcileMs,
        watch: options.watchFn,
        onError,
        clock,
      });
    }
    let files: string[];
    try {
      files = await readdir(dir);
    } catch (err) {
      watcher?.close();
      throw dirError(dir, err);
    }
    const stems = files.map(stemOf).filter((s): s is string => s !== undefined);
    await forEachBounded(stems, concurrency, checkLocked);
    if (isClosed()) return;
    state = 'ready';
    for (const name of early) void track(checkLocked(name));
    early.clear();
  };

  const assertOpen = (): void => {
    if (state === 'closed') throw new MagnetoError(ErrorCode.Io, 'the cassette store is closed', 503);
  };

  const mutation = <T>(fn: () => Promise<T>): Promise<T> => track(fn());

  return {
    dir,

    start() {
      started ??= start();
      return started;
    },

    async close() {
      state = 'closed';
      watcher?.close();
      watcher = undefined;
      await started?.catch(() => undefined);
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
      await lock.idle();
    },

    list() {
      // Shared, not copied: a paged GET would otherwise copy every summary to send a page.
      sorted ??= Object.freeze(
        [...index.values()].map((e) => e.summary).sort((a, b) => compareNames(a.name, b.name)),
      );
      return sorted;
    },

    get(name) {
      const entry = index.get(name);
      return entry ? { ...entry.details } : undefined;
    },

    async interactions(name): Promise<InteractionSummary[]> {
      return summariseInteractions(await readDoc(name));
    },

    async interaction(name, index, allowance) {
      const list = (await readDoc(name)).interactions as Array<Record<string, unknown>>;
      const raw = list[index];
      return {
        count: list.length,
        ...(raw === undefined ? {} : { interaction: decodeInteraction(raw, index, allowance) }),
      };
    },

    create(input: CreateInput) {
      return mutation(async () => {
        const { name } = input;
        const path = cassettePath(dir, name);
        const description = input.description ?? null;
        const mode = input.mode ?? 'auto';
        assertOpen();
        return lock.run(name, async () => {
          const doc = newCassetteDoc({ name, recordedAt: now().toISOString(), description, mode });
          let stats: Stats;
          try {
            stats = await writeFileAtomic(path, serialiseCassette(doc), { exclusive: true });
          } catch (err) {
            throw errno(err) === 'EEXIST' ? alreadyExists(name) : ioError(err);
          }
          const entry = setEntry(name, stats, metaOf(doc, scan));
          emit({ type: 'created', name, summary: entry.summary });
          return { ...entry.summary };
        });
      });
    },

    update(name: CassetteName, patch: UpdateInput) {
      return mutation(async () => {
        const path = cassettePath(dir, name);
        assertOpen();
        return lock.run(name, async () => {
          const loaded = await load(path, false).catch((err: unknown) => {
            throw ioError(err);
          });
          if (!loaded) throw notFound(name);
          const { doc, meta } = loaded.parsed;
          if (!doc) throw unreadable(name, meta.error);
          const next = patchCassetteDoc(doc, patch);
          const text = serialiseCassette(next, loaded.text.endsWith('\n'));
          let stats: Stats;
          try {
            stats = await writeFileAtomic(path, text, { mode: loaded.stats.mode & 0o777 });
          } catch (err) {
            throw ioError(err);
          }
          // The file may be one the watcher has not indexed yet (recreated after a delete):
          // clients must then see it created, not updated.
          const existed = index.has(name);
          const entry = setEntry(name, stats, metaOf(next, scan));
          emit({ type: existed ? 'updated' : 'created', name, summary: entry.summary });
          return { ...entry.summary };
        });
      });
    },

    remove(name: CassetteName) {
      return mutation(async () => {
        const path = cassettePath(dir, name);
        assertOpen();
        await lock.run(name, async () => {
          let error: string | undefined;
          try {
            const st = await lstat(path);
            if (!st.isFile()) throw notFound(name);
            const entry = index.get(name);
            if (entry && same(entry, st)) error = entry.summary.error;
            else {
              const loaded = await load(path, false);
              if (!loaded) throw notFound(name);
              error = loaded.parsed.meta.error;
            }
            if (error !== undefined) throw unreadable(name, error);
            await unlink(path);
          } catch (err) {
            if (err instanceof MagnetoError) throw err;
            throw isAbsence(err) ? notFound(name) : ioError(err);
          }
          dropEntry(name);
          emit({ type: 'deleted', name });
        });
      });
    },

    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    async reconcile() {
      await reconcile();
    },
  };
}
