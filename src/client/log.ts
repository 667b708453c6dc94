/**
 * What the engine tells a debug log (the command line's `--debug` and `--log-file`): the
 * steps of a connection and their timings, which the update stream does not carry. Status
 * changes and snapshots are updates already (`SyncEngine.subscribe`); a log subscribes to
 * those too.
 */
export type SyncLogEvent =
  /** A `/ws` connection attempt: the URL (never the token) and the attempt number. */
  | 'connect'
  /** The upgrade succeeded: how long it took. */
  | 'open'
  /** The server's Hello: software, epoch, seq, heartbeat. */
  | 'hello'
  /** A `Resync` frame, and why the server sent it (protocol.md §3.3). */
  | 'resync'
  /** An event that does not follow the last seq or epoch: a re-list follows (protocol.md §4.2). */
  | 'gap'
  /** A listing done: why, how many cassettes, at which seq, how long. */
  | 'list'
  /** A listing failed: why, how long it took. */
  | 'list-failed'
  /** A connection or poll ended: after how long, why, and what comes next. */
  | 'end'
  /** One REST request: method, URL, status or failure, time, size. */
  | 'request'
  | 'start'
  | 'stop';

export interface SyncLogEntry {
  event: SyncLogEvent;
  /** One line for a person, without the time (the sink adds it). May quote a server: sanitise before a terminal shows it. */
  message: string;
}

/** Receives the engine's log entries; see {@link SyncLogEvent}. */
export type SyncLog = (entry: SyncLogEntry) => void;

/** Milliseconds as a log shows them: `12 ms`, `3.4 s`. */
export function formatMs(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
