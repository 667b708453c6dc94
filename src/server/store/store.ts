import type { Stats } from 'node:fs';
import { lstat, readdir, stat, unlink } from 'node:fs/promises';
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
  type IndexingInfo,
  type InteractionSummary,
  type ServerStatus,
  type UpdateInput,
  type WatchInfo,
} from '../../protocol/index.js';
import { systemClock, type Clock } from '../../protocol/clock.js';
import { silentLog, type ServerLog } from '../log.js';
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
import { countSecrets } from './cassette-secrets.js';
import { forEachBounded } from './for-each-bounded.js';
import { createKeyedLock } from './name-lock.js';
import {
  defaultParseWorkers,
  PoolFailure,
  startParsePool,
  type FileStamp,
  type ParsePool,
} from './parse-pool.js';
import { readRegularFile } from './read-file.js';
import { cassettePath, stemOf } from './safe-path.js';
import { dirError, errno, ioError, isAbsence, unreadable } from './store-errors.js';
import { remoteFsReason, type StatFsType } from './watch-reasons.js';
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
  /** Receives exceptions thrown by listeners and failures that do not change how the directory is watched. @default ignore */
  onError?: (err: unknown) => void;
  /** Poll the directory every `poll` ms instead of watching it (`serve --poll`). */
  poll?: number;
  /** Period of the polling that replaces file events when they fail (protocol.md §1.4). @default 1000 */
  pollMs?: number;
  /** How long the watcher's self-test waits for its probe file's event; 0 skips it. @default 2000 */
  probeMs?: number;
  /** Reads the directory's file system type (statfs f_type); injected by tests to play NFS. @default statfs */
  fsType?: StatFsType;
  /** Disk changes, index completion, watcher failures and fallbacks. @default silentLog */
  log?: ServerLog;
  /**
   * Worker threads that read and parse the files of the first index when the directory holds
   * at least `workerThreshold` of them (parse-pool.ts); 0 keeps all on the main thread, and so
   * does an injected `parse`. @default one per core up to 8, none on a single core
   */
  workers?: number;
  /** Fewest files for which the first index starts workers: below, starting them costs more than they save. @default 1000 */
  workerThreshold?: number;
  /** Starts the parse workers; injected by tests to make them fail. @default startParsePool */
  parsePool?: (size: number) => Promise<ParsePool>;
}

/** The store, plus a way to force the safety-net rescan (tests, SIGHUP-like uses). */
export interface Store extends CassetteStore {
  /** Stats every file and index entry; re-reads only what changed. */
  reconcile(): Promise<void>;
}

interface Entry extends FileStamp {
  summary: CassetteSummary;
  details: CassetteDetails;
  /** The index scan's secrets per interaction (`[index, count]`), for the interaction lines. */
  interactionSecrets: ReadonlyArray<readonly [number, number]>;
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
  const log = options.log ?? silentLog;
  const statusListeners = new Set<(status: ServerStatus) => void>();
  let watchInfo: WatchInfo | undefined;
  let indexing: IndexingInfo | undefined;
  /** The sorted, frozen list; rebuilt on the first `list()` after an index change. */
  let sorted: readonly CassetteSummary[] | undefined;
  let state: 'new' | 'starting' | 'ready' | 'closed' = 'new';
  let opened: Promise<string[]> | undefined;
  let started: Promise<void> | undefined;
  let watcher: DirWatcher | undefined;
  let rescan: Promise<void> | undefined;
  let rescanAgain = false;
  /** A rescan asked for while the first index runs; it runs once the index is complete. */
  let rescanAfterIndex = false;
  /** Parse workers, only while the first index runs. */
  let pool: ParsePool | undefined;
  /** Files of the first index read by the workers (the main thread reads until one is up). */
  let parsedInWorkers = 0;

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

  const status = (): ServerStatus => ({
    ...(watchInfo ? { watch: watchInfo } : {}),
    ...(indexing ? { indexing: { ...indexing } } : {}),
  });

  const statusChanged = (): void => {
    if (statusListeners.size === 0) return;
    const now = status();
    for (const listener of [...statusListeners]) {
      try {
        listener(now);
      } catch (err) {
        onError(err);
      }
    }
  };

  const setEntry = (name: string, stats: FileStamp, meta: CassetteMeta): Entry => {
    const summary = Object.freeze(toSummary(name, meta, stats.size));
    const details = Object.freeze(detailsOf(summary, meta));
    const entry = {
      ino: stats.ino,
      mtimeMs: stats.mtimeMs,
      size: stats.size,
      summary,
      details,
      interactionSecrets: meta.interaction_secrets,
    };
    index.set(name, entry);
    sorted = undefined;
    return entry;
  };

  const dropEntry = (name: string): boolean => {
    sorted = undefined;
    return index.delete(name);
  };

  const same = (e: Entry | undefined, s: FileStamp): boolean =>
    e !== undefined && e.ino === s.ino && e.mtimeMs === s.mtimeMs && e.size === s.size;

  /**
   * Reads and parses a regular file (read-file.ts); undefined if absent. `secrets` says
   * whether its metadata needs the secret scan: only the index does.
   */
  const load = async (path: string, secrets: SecretScan): Promise<Loaded | undefined> => {
    const read = await readRegularFile(path);
    return read && { ...read, parsed: parse(read.text, secrets) };
  };

  /** A file's stamp and metadata, read by the parse pool while the first index has one up. */
  const readMeta = async (path: string): Promise<{ stats: FileStamp; meta: CassetteMeta } | undefined> => {
    const workers = pool;
    if (workers?.ready) {
      try {
        const file = await workers.load(path, scan);
        parsedInWorkers++;
        return file && { stats: file.stamp, meta: file.meta };
      } catch (err) {
        if (!(err instanceof PoolFailure)) throw err;
        if (pool === workers && !isClosed()) {
          log.warn({ err }, 'parse workers failed: the index goes on in the main thread');
          pool = undefined;
        }
      }
    }
    const loaded = await load(path, scan);
    return loaded && { stats: loaded.stats, meta: loaded.parsed.meta };
  };

  /** Brings one index entry in line with the disk and emits what changed. Runs under the name lock. */
  const check = async (name: string): Promise<void> => {
    if (state === 'closed') return;
    const path = cassettePath(dir, name);
    const entry = index.get(name);
    let found: { stats: FileStamp; meta: CassetteMeta } | undefined;
    try {
      if (entry) {
        const st = await lstat(path);
        if (st.isFile() && same(entry, st)) return;
      }
      found = await readMeta(path);
    } catch (err) {
      if (!isAbsence(err)) found = await unreadableFile(path, err); // e.g. EACCES: listed with an error
    }
    if (isClosed()) return;
    if (!found) {
      if (entry && dropEntry(name)) {
        if (state === 'ready') log.info({ file: `${name}.json`, change: 'deleted' }, 'disk change');
        emit({ type: 'deleted', name });
      }
      return;
    }
    if (same(entry, found.stats)) return;
    const next = setEntry(name, found.stats, found.meta);
    const type = entry ? 'updated' : 'created';
    if (state === 'ready') logDiskChange(name, type, next.summary);
    // During the first index too: each indexed file is a creation (protocol.md §3.7).
    emit({ type, name, summary: next.summary });
  };

  const logDiskChange = (name: string, change: string, summary: CassetteSummary): void => {
    const fields: Record<string, unknown> = {
      file: `${name}.json`,
      change,
      interactions: summary.interactions_count,
      size: summary.size_bytes,
    };
    if (summary.error !== undefined) fields.error = summary.error;
    log.info(fields, 'disk change');
  };

  const unreadableFile = async (
    path: string,
    err: unknown,
  ): Promise<{ stats: FileStamp; meta: CassetteMeta } | undefined> => {
    const stats = await lstat(path).catch(() => undefined);
    if (!stats?.isFile()) return undefined;
    return { stats, meta: unreadableMeta(undefined, `cannot read file (${errno(err) ?? String(err)})`) };
  };

  const checkLocked = (name: string): Promise<void> => lock.run(name, () => check(name));

  /** The decoded document of a listed, readable cassette, read now (not from the index), and its stamp. */
  const readFresh = async (name: string): Promise<{ doc: Record<string, unknown>; stats: FileStamp }> => {
    const path = cassettePath(dir, name);
    if (!index.has(name)) throw notFound(name);
    const loaded = await load(path, false).catch((err: unknown) => {
      throw ioError(err);
    });
    if (!loaded) throw notFound(name);
    const { doc, meta } = loaded.parsed;
    if (!doc) throw unreadable(name, meta.error);
    return { doc, stats: loaded.stats };
  };
  const readDoc = async (name: string): Promise<Record<string, unknown>> => (await readFresh(name)).doc;

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

  /** Runs a reconcile, or marks one to run after the current one; resolves when it has run. */
  const requestRescan = (): Promise<void> => {
    if (state === 'starting') rescanAfterIndex = true;
    if (state !== 'ready') return Promise.resolve();
    if (rescan) {
      rescanAgain = true;
      return rescan;
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
    return rescan;
  };

  const onName = (fileName: string): void => {
    const stem = stemOf(fileName);
    if (stem === undefined || state === 'closed') return;
    void track(checkLocked(stem));
  };

  const onWatchMode = (next: WatchInfo): void => {
    watchInfo = next;
    if (next.mode === 'events') log.info({ watch: next }, 'file events work again: polling stopped');
    else if (next.reason === undefined) log.info({ watch: next }, `polling every ${next.interval_ms} ms`);
    else log.warn({ watch: next }, `file events do not work here: polling every ${next.interval_ms} ms`);
    statusChanged();
  };

  const onWatchError = (err: unknown): void => {
    log.debug({ err }, 'watcher');
    onError(err);
  };

  /** Checks the directory, starts watching it and lists it; resolves with the stems to index. */
  const openDir = async (): Promise<string[]> => {
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
      const remote = options.poll === undefined ? await remoteFsReason(dir, options.fsType) : undefined;
      const pollMs = options.pollMs ?? 1000;
      const poll =
        options.poll !== undefined
          ? { intervalMs: options.poll }
          : remote !== undefined
            ? { intervalMs: pollMs, reason: remote }
            : undefined;
      // Watch before scanning so that nothing written during the scan is missed.
      watcher = watchDirectory({
        dir,
        onName,
        onRescan: requestRescan,
        debounceMs: options.debounceMs,
        reconcileMs: options.reconcileMs,
        watch: options.watchFn,
        poll,
        pollMs,
        probeMs: options.probeMs,
        onMode: onWatchMode,
        onError: onWatchError,
        clock,
      });
      watchInfo = watcher.mode;
      if (watchInfo.mode === 'poll') onWatchMode(watchInfo);
    }
    let files: string[];
    try {
      files = await readdir(dir);
    } catch (err) {
      watcher?.close();
      throw dirError(dir, err);
    }
    const stems = files.map(stemOf).filter((s): s is string => s !== undefined);
    indexing = { done: 0, total: stems.length };
    statusChanged();
    return stems;
  };

  /**
   * The first index: every file, each one a creation, read and parsed by worker threads when
   * there are many (parse-pool.ts); then the watcher's self-test result.
   */
  const indexAll = async (stems: readonly string[]): Promise<void> => {
    const t0 = performance.now();
    const workerCount = options.workers ?? (options.parse ? 0 : defaultParseWorkers());
    const started =
      workerCount > 0 && stems.length >= (options.workerThreshold ?? 1000) && !isClosed()
        ? await (options.parsePool ?? startParsePool)(workerCount).catch((err: unknown) => {
            log.warn({ err }, 'parse workers did not start: indexing in the main thread');
            return undefined;
          })
        : undefined;
    pool = started;
    try {
      await forEachBounded(stems, concurrency, async (stem) => {
        await checkLocked(stem);
        if (indexing && !isClosed()) {
          indexing.done++;
          statusChanged();
        }
      });
    } finally {
      // A failure no load saw (a worker that never came up) is said too.
      if (pool?.failure) log.warn({ err: pool.failure }, 'parse workers failed: indexed in the main thread');
      // Closed even if it failed half way (readMeta then dropped it): a live worker would keep
      // the process running.
      pool = undefined;
      await started?.close();
    }
    if (isClosed()) return;
    state = 'ready';
    indexing = undefined;
    const ms = Math.round(performance.now() - t0);
    const workers = { workers: started?.size ?? 0, parsed_in_workers: parsedInWorkers };
    log.info({ cassettes: index.size, ...workers, ms }, 'indexed');
    statusChanged();
    if (rescanAfterIndex) void requestRescan();
    rescanAfterIndex = false;
    await watcher?.settled;
  };

  const assertOpen = (): void => {
    if (state === 'closed') throw new MagnetoError(ErrorCode.Io, 'the cassette store is closed', 503);
  };

  const mutation = <T>(fn: () => Promise<T>): Promise<T> => track(fn());

  return {
    dir,

    open() {
      opened ??= openDir();
      return opened.then(() => undefined);
    },

    start() {
      opened ??= openDir();
      started ??= opened.then(indexAll);
      return started;
    },

    status,

    onStatus(listener) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },

    async close() {
      state = 'closed';
      watcher?.close();
      watcher = undefined;
      await (started ?? opened)?.catch(() => undefined);
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
      const { doc, stats } = await readFresh(name);
      // The index's scan, cached with the summary; a file changed since it was indexed (the
      // watcher has not caught up yet) is scanned now, with the same bounds.
      const entry = index.get(name);
      const secrets =
        entry && same(entry, stats)
          ? entry.interactionSecrets
          : scan === false
            ? []
            : countSecrets(doc, scan).byInteraction;
      return summariseInteractions(doc, secrets);
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
