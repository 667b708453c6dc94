import type {
  CassetteDetails,
  CassetteName,
  CassetteSummary,
  BodyAllowance,
  CreateInput,
  DecodedBody,
  InteractionOf,
  InteractionSummary,
  ServerStatus,
  UpdateInput,
} from '../protocol/index.js';

/** A change of the cassette directory, whether made through the API or on disk. */
export type StoreChange =
  | { type: 'created'; name: string; summary: CassetteSummary }
  | { type: 'updated'; name: string; summary: CassetteSummary }
  | { type: 'deleted'; name: string };

/**
 * The cassette directory and its in-memory index (protocol.md §1).
 *
 * Every mutation updates the index and emits exactly one change to the `onChange`
 * listeners *synchronously, before its promise resolves*, so the server can assign
 * the next seq and broadcast before it answers the HTTP request. Changes seen by the
 * watcher (files written by someone else) are emitted the same way; a file the store
 * wrote itself never produces a second (echo) change.
 *
 * Names and bodies are validated at the edge (protocol.md §1.2, §2.1): mutations take a
 * `CassetteName` and parsed input, which only the protocol's parsers produce. The store checks
 * what only it can know, with codes from `protocol/errors.ts`: not_found 404, already_exists
 * 409, unreadable 422, io_error 500, and bad_name 400 for a path that would leave the directory.
 */
export interface CassetteStore {
  /** Absolute path of the cassette directory. */
  readonly dir: string;
  /**
   * Checks the directory, starts watching it and lists its files, without reading them;
   * `start()` then indexes them. Rejects if the directory is unreadable. Idempotent.
   */
  open(): Promise<void>;
  /**
   * Opens (if not yet) and indexes the directory; resolves when every file is indexed and
   * the watcher's self-test is over. Each indexed file is emitted as a creation, so a
   * listener subscribed before `start()` sees the index grow (protocol.md §3.7).
   */
  start(): Promise<void>;
  /** How the directory is watched, and the first index's progress while it runs (protocol.md §3.7). */
  status(): ServerStatus;
  /** Subscribes to status changes (one per indexed file while indexing); returns the unsubscribe. */
  onStatus(listener: (status: ServerStatus) => void): () => void;
  /** Stops watching, waits for writes in flight. */
  close(): Promise<void>;
  /** Every cassette, sorted by name, from the index (no file is parsed). May be a shared snapshot: do not mutate. */
  list(): readonly CassetteSummary[];
  /** Summary plus details, or undefined when no such listed cassette. */
  get(name: string): CassetteDetails | undefined;
  /** Reads the file and summarises each interaction. */
  interactions(name: string): Promise<InteractionSummary[]>;
  /**
   * Reads the file: its number of interactions and, when there is one at `index` (which may
   * be `Infinity`), that interaction with each body decoded as far as `allowance` allows.
   */
  interaction(
    name: string,
    index: number,
    allowance: BodyAllowance,
  ): Promise<{ count: number; interaction?: InteractionOf<DecodedBody> }>;
  create(input: CreateInput): Promise<CassetteSummary>;
  update(name: CassetteName, patch: UpdateInput): Promise<CassetteSummary>;
  remove(name: CassetteName): Promise<void>;
  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: (change: StoreChange) => void): () => void;
}
