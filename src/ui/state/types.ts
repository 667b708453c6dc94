import type {
  CassetteDetails,
  CassetteMode,
  CassetteSummary,
  InteractionSummary,
} from '../../protocol/index.js';
import type { ConnectionStatus, ServerInfo, SyncUpdate } from '../../client/types.js';

export type SortKey = 'name' | 'recorded' | 'interactions';
export const SORT_KEYS: readonly SortKey[] = ['name', 'recorded', 'interactions'];

/** Highlight of a row that was created or updated at `at` (ms). */
export interface Flash {
  kind: 'created' | 'updated';
  at: number;
}

export interface Row {
  /** Identity as the server spells it; what engine calls receive. */
  key: string;
  /** As received, to tell whether a later summary differs. */
  summary: CassetteSummary;
  /** Sanitised copy: the only thing views show. */
  view: CassetteSummary;
  flash?: Flash;
  /** The cassette is gone; the row stays as a tombstone until `deletedAt + TOMBSTONE_MS`. */
  deletedAt?: number;
  /** The user asked for deletion; waiting for the Deleted event. */
  deleting?: boolean;
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

export type Overlay =
  | { kind: 'none' }
  | { kind: 'filter' }
  | { kind: 'form'; form: FormState }
  | { kind: 'confirm-delete'; key: string }
  | {
      kind: 'details';
      key: string;
      scroll: number;
      details?: CassetteDetails;
      interactions?: InteractionSummary[];
      error?: string;
    }
  | { kind: 'help' };

/** What pause keeps: the table as it would be, and how many updates it absorbed. */
export interface Pending {
  table: ReadonlyMap<string, CassetteSummary>;
  count: number;
}

export interface UiState {
  now: number;
  columns: number;
  rows: number;
  table: ReadonlyMap<string, Row>;
  /** A first snapshot arrived (it does not flash). */
  loaded: boolean;
  status: ConnectionStatus;
  info: ServerInfo;
  selected: string | null;
  scrollTop: number;
  filter: string;
  sort: { key: SortKey; reverse: boolean };
  /** Non-null while paused. */
  pending: Pending | null;
  toasts: readonly Toast[];
  /** Toasts folded into "+N more changes". */
  more: { count: number; at: number };
  nextToastId: number;
  overlay: Overlay;
}

export type { SyncUpdate, ConnectionStatus, ServerInfo };
