/**
 * How a server notices changes made on disk (protocol.md §3.7). `events`: the operating
 * system reports them (inotify on Linux); `poll`: the server stats every file every
 * `interval_ms`, because it was asked to or because file events do not work there.
 */
export interface WatchInfo {
  mode: 'events' | 'poll';
  /** Only in `poll` mode. */
  interval_ms?: number;
  /** Why the server polls although it was not asked to (e.g. `fs.watch failed: ENOSPC …`). */
  reason?: string;
}

/** Progress of a server's first index of its directory (protocol.md §3.7). */
export interface IndexingInfo {
  /** Files indexed so far. */
  done: number;
  /** Files the directory held when indexing began. */
  total: number;
}

/**
 * What a server is doing, in Hello, in Status messages and in `GET /health`
 * (protocol.md §3.7). `indexing` is present only while the first index runs.
 */
export interface ServerStatus {
  watch?: WatchInfo;
  indexing?: IndexingInfo;
}

/** Sent when a server's {@link ServerStatus} changes; always the whole status. */
export interface StatusMessage extends ServerStatus {
  type: 'Status';
}

/** `target` with the status fields of `status` in place of its own (a Status replaces the whole status). */
export function withStatus<T extends ServerStatus>(target: T, status: ServerStatus): T {
  const { watch: _watch, indexing: _indexing, ...rest } = target;
  return {
    ...rest,
    ...(status.watch ? { watch: status.watch } : {}),
    ...(status.indexing ? { indexing: status.indexing } : {}),
  } as T;
}

/** `file events`, or `polled every 500 ms`: how a server notices changes on disk, in a few words. */
export function describeWatch(watch: WatchInfo): string {
  return watch.mode === 'events' ? 'file events' : `polled every ${watch.interval_ms ?? '?'} ms`;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function parseWatch(raw: unknown): WatchInfo | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const w = raw as Record<string, unknown>;
  if (w.mode !== 'events' && w.mode !== 'poll') return undefined;
  const watch: WatchInfo = { mode: w.mode };
  if (w.mode === 'poll' && isCount(w.interval_ms) && w.interval_ms > 0) watch.interval_ms = w.interval_ms;
  if (typeof w.reason === 'string' && w.reason !== '') watch.reason = w.reason;
  return watch;
}

function parseIndexing(raw: unknown): IndexingInfo | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { done, total } = raw as Record<string, unknown>;
  if (!isCount(done) || !isCount(total)) return undefined;
  return { done: Math.min(done, total), total };
}

/**
 * The status fields of a decoded Hello or Status object; a malformed field is dropped (an
 * older or foreign server simply has no status), never an error.
 */
export function parseServerStatus(raw: Record<string, unknown>): ServerStatus {
  const status: ServerStatus = {};
  const watch = parseWatch(raw.watch);
  if (watch) status.watch = watch;
  const indexing = parseIndexing(raw.indexing);
  if (indexing) status.indexing = indexing;
  return status;
}
