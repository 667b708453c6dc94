import type {
  ErrorCode,
  CassetteDetails,
  CassetteEvent,
  CassetteMode,
  CassetteSummary,
  HelloMessage,
  Interaction,
  IndexingInfo,
  InteractionSummary,
  WatchInfo,
} from '../protocol/index.js';
import type { TableChange } from './stream.js';

/** What the status line shows. Times are on the engine's clock (ms). */
export type ConnectionStatus =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'reconnecting'; attempt: number; retryAt: number; reason?: string }
  | { kind: 'polling'; intervalMs: number }
  /**
   * Needs the user (401, bad URL, not a magneto server); the engine keeps retrying slowly,
   * next at `retryAt` (absent for a bad URL, which is never retried). `code` is the
   * refusal's (protocol.md §5), e.g. `unauthorized` when a token is missing or wrong.
   */
  | { kind: 'failed'; reason: string; code?: ErrorCode; retryAt?: number };

/** What kind of server the engine talks to. */
export interface ServerInfo {
  flavor: 'magneto-watch' | 'upstream-hydra' | 'upstream-rest' | 'unknown';
  /** Server software, from Hello (`magneto-watch/0.1.0`). */
  server?: string;
  /** Cassette directory, from Hello on a loopback server. */
  dir?: string;
  /** How the server notices changes on disk, from Hello and Status (protocol.md §3.7). */
  watch?: WatchInfo;
  /** The server's first index of its directory, while it runs (protocol.md §3.7). */
  indexing?: IndexingInfo;
  canCreate: boolean;
  canUpdate: boolean;
}

export type SnapshotReason = 'initial' | 'gap' | 'epoch' | 'resync' | 'relist' | 'reconnect' | 'poll';

/**
 * What the engine tells its subscribers, in order, right after changing its table (so a
 * subscriber called back reads {@link SyncEngine.table} as the update left it). A `snapshot`
 * replaced the whole table and lists the rows that differ from before (every row, for the
 * first one); an `event` is one applied event and what it did to its row (duplicates and
 * old seqs never reach here; in polling mode events are synthesised from list diffs with
 * seq -1).
 */
export type SyncUpdate =
  | {
      type: 'snapshot';
      changes: readonly TableChange[];
      epoch: string | null;
      seq: number | null;
      reason: SnapshotReason;
    }
  | { type: 'event'; event: CassetteEvent; change: TableChange }
  | { type: 'status'; status: ConnectionStatus }
  | { type: 'hello'; hello: HelloMessage }
  | { type: 'server'; info: ServerInfo };

/** What to ask of one interaction (protocol.md §2.4). */
export interface InteractionOptions {
  /**
   * Bytes of each body to fetch, 0 to 16 MiB.
   * @default 262144 (256 KiB)
   */
  maxBytes?: number;
  /**
   * Show the secrets' values. Our server honours it only on a loopback bind or with a token
   * (otherwise 403 `forbidden`); against upstream the client does the masking, so it obeys.
   * @default false
   */
  reveal?: boolean;
}

export interface SyncEngine {
  start(): void;
  stop(): Promise<void>;
  readonly status: ConnectionStatus;
  readonly info: ServerInfo;
  /**
   * The table as the engine knows it: name → summary. The only copy of the server's list
   * on the client: always the same Map object, changed in place; summaries in it are
   * replaced, never mutated, so a view may keep a summary by reference.
   */
  readonly table: ReadonlyMap<string, CassetteSummary>;
  subscribe(listener: (update: SyncUpdate) => void): () => void;
  /** Re-lists now (the `r` key); the result arrives as a `snapshot`. */
  relist(): Promise<void>;
  /**
   * One listing now, without the live connection and without touching `table` (the
   * one-shot `list` command). It learns the kind of server (`info`), so that `details`,
   * `interactions` and `remove` then use its routes (protocol.md §4.5).
   */
  list(): Promise<CassetteSummary[]>;
  create(input: { name: string; description?: string | null; mode?: CassetteMode }): Promise<CassetteSummary>;
  update(name: string, patch: { description?: string | null; mode?: CassetteMode }): Promise<CassetteSummary>;
  remove(name: string): Promise<void>;
  details(name: string): Promise<CassetteDetails>;
  interactions(name: string): Promise<InteractionSummary[]>;
  /**
   * Interaction `index` (0-based) of cassette `name`, whole, with its secrets listed and,
   * unless `reveal`, masked (protocol.md §2.4, §2.5). Rejects `bad_request` for an index or
   * `maxBytes` that cannot be asked for, without a request; `not_found` for a missing
   * cassette or index; `unsupported` on upstream's REST-only server.
   */
  interaction(name: string, index: number, options?: InteractionOptions): Promise<Interaction>;
}
