import type {
  CassetteDetails,
  CassetteMode,
  CassetteSummary,
  InteractionSummary,
} from '../../protocol/index.js';
import type { ConnectionStatus, ServerInfo, SyncUpdate } from '../../client/types.js';
import type { EventLog } from './event-log.js';
import type { InspectorOverlay } from './inspector.js';
import type { RowList } from './row-list.js';

export type SortKey = 'name' | 'recorded' | 'interactions';
export const SORT_KEYS: readonly SortKey[] = ['name', 'recorded', 'interactions'];

/** Highlight of a row that was created or updated at `at` (ms). */
export interface Flash {
  kind: 'created' | 'updated';
  at: number;
  /** The interaction count when the row began flashing for updates; absent when unknown. */
  from?: number;
  /**
   * Interactions added since (issue 9 §5: `12 +3` in the INTERACTIONS column); absent when
   * none were.
   */
  added?: number;
}

/**
 * View state of one cassette, kept only while there is something to show: a flash, a
 * tombstone, or a deletion in flight. Keyed by name in {@link UiState.marks}.
 */
export interface RowMark {
  flash?: Flash;
  /** The cassette is gone; its row stays as a tombstone until `deletedAt + TOMBSTONE_MS`. */
  deletedAt?: number;
  /** What the tombstone shows: the summary the engine held before the deletion. */
  tombstone?: CassetteSummary;
  /** The user asked for deletion; waiting for the Deleted event. */
  deleting?: true;
}

/** One row as the views draw it: built for the rows on screen only. */
export interface Row extends RowMark {
  /** Identity as the server spells it; what engine calls receive. */
  key: string;
  /** The summary behind the row (the engine's, or a tombstone's): immutable, so caches key on it. */
  summary: CassetteSummary;
  /** Its sanitised form: the only thing views show. */
  view: CassetteSummary;
}

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
  at: number;
}

export interface FormState {
  kind: 'create' | 'edit';
  /** The cassette being edited (key), locked when the form opened. */
  target?: string;
  name: string;
  description: string;
  mode: CassetteMode;
  /** Focused field index; create: name, description, mode; edit: description, mode. */
  field: number;
  submitting: boolean;
  error?: string;
}

/**
 * The details of one cassette and its interactions, kept live while open (state/details.ts):
 * refetched when the cassette changes, new interactions flashing `+`, the selection kept by
 * interaction index, filtered by `/` text and `f` (failures only).
 */
export interface DetailsOverlay {
  kind: 'details';
  key: string;
  /** Position, in the interactions shown (filtered), of the first line of the list. */
  scroll: number;
  /**
   * The highlighted interaction: its cassette index (`InteractionSummary.index`, stable as a
   * recorder appends); undefined until interactions are loaded, or when none is shown.
   */
  selected: number | undefined;
  details?: CassetteDetails;
  interactions?: InteractionSummary[];
  error?: string;
  /** The cassette is gone; what was loaded stays on screen until the user leaves. */
  deleted?: true;
  /** Interactions a refresh brought, by index → when: they flash `+` as a table row does (timing.ts). */
  fresh: ReadonlyMap<number, number>;
  /** Interactions shown must hold this text in their method, URL or status (any case). */
  filter: string;
  /** The filter is being typed. */
  typing: boolean;
  /** Only failures: 4xx/5xx, HttpError, WebSocket closed abnormally. */
  failuresOnly: boolean;
}

export type Overlay =
  | { kind: 'none' }
  | { kind: 'filter' }
  | { kind: 'form'; form: FormState }
  | { kind: 'confirm-delete'; key: string }
  | DetailsOverlay
  | { kind: 'help' }
  | InspectorOverlay
  | {
      kind: 'log';
      /** Entries shown must hold this text (any case). */
      filter: string;
      /** The filter is being typed. */
      typing: boolean;
      /** Seq of the last entry shown; null follows the newest (state/log-view.ts). */
      bottom: number | null;
    };

/**
 * While paused the engine keeps running and the screen stays as it was: the rows on screen
 * keep the summaries they had, and for each name an update touched since, `before` holds
 * what it was when the pause began (undefined: it did not exist). Resuming shows the
 * difference between `before` and the engine's table.
 */
export interface Paused {
  /** Updates absorbed since the pause. */
  count: number;
  before: ReadonlyMap<string, CassetteSummary | undefined>;
}

export interface UiState {
  now: number;
  columns: number;
  rows: number;
  /**
   * The engine's table, read in place (never copied): rows are derived from it. It changes
   * outside the reducer, always together with the updates a `tick` brings.
   */
  table: ReadonlyMap<string, CassetteSummary>;
  /** Flashes, tombstones and deletions in flight, by name. */
  marks: ReadonlyMap<string, RowMark>;
  /**
   * What the table shows, in order: the summaries (engine's, or tombstones') that match the
   * filter, sorted. Kept up to date per frame from the names that changed, not re-sorted.
   */
  visible: RowList;
  /** A first snapshot arrived (it does not flash). */
  loaded: boolean;
  status: ConnectionStatus;
  info: ServerInfo;
  selected: string | null;
  scrollTop: number;
  filter: string;
  sort: { key: SortKey; reverse: boolean };
  /** Non-null while paused. */
  paused: Paused | null;
  toasts: readonly Toast[];
  /** Toasts folded into "+N more changes". */
  more: { count: number; at: number };
  nextToastId: number;
  overlay: Overlay;
  /** Events, connection changes and errors, the last 1 000 (`L` shows them). */
  log: EventLog;
  /**
   * The cassette directory on this machine, when the embedded host knows it; otherwise the
   * server's Hello may say (`info.dir`, loopback servers only). See `cassetteFile`.
   */
  dir?: string;
}

export type { SyncUpdate, ConnectionStatus, ServerInfo };
