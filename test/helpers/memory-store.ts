import {
  ErrorCode,
  MagnetoError,
  alreadyExists,
  notFound,
  type CassetteDetails,
  type CassetteName,
  type CassetteSummary,
  type CreateInput,
  type DecodedBody,
  type InteractionOf,
  type InteractionSummary,
  type ServerStatus,
  type UpdateInput,
} from '../../src/protocol/index.js';
import { compareNames } from '../../src/server/store/compare-names.js';
import type { CassetteStore, StoreChange } from '../../src/server/types.js';

interface Entry {
  summary: CassetteSummary;
  interactions: InteractionSummary[];
  decoded: InteractionOf<DecodedBody>[];
}

/**
 * An in-memory CassetteStore with the real store's contract: changes are emitted
 * synchronously before a mutation resolves; errors are MagnetoErrors with statuses. Like the
 * real store it trusts its typed input: names and bodies are checked by the API.
 * `external()` simulates a change seen by the watcher.
 */
export class MemoryStore implements CassetteStore {
  readonly dir: string;
  started = false;
  closed = false;
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(c: StoreChange) => void>();
  private readonly statusListeners = new Set<(s: ServerStatus) => void>();
  private serverStatus: ServerStatus = { watch: { mode: 'events' } };
  private pending: CassetteSummary[] = [];
  private indexedCount = 0;
  private indexed: Promise<void> = Promise.resolve();
  private finishIndex: () => void = () => undefined;

  constructor(dir = '/memory/cassettes', seed: CassetteSummary[] = []) {
    this.dir = dir;
    for (const s of seed) this.entries.set(s.name, { summary: s, interactions: [], decoded: [] });
  }

  async open(): Promise<void> {}
  async start(): Promise<void> {
    this.started = true;
    await this.indexed;
  }

  /**
   * Plays a first index of `pending`: `start()` then resolves only once `indexNext` has
   * indexed every summary, each as a creation followed by its progress, like the real store.
   */
  holdIndex(pending: CassetteSummary[]): void {
    this.pending = [...pending];
    this.indexedCount = 0;
    this.indexed = new Promise((resolve) => (this.finishIndex = resolve));
    this.setStatus({ ...this.serverStatus, indexing: { done: 0, total: pending.length } });
  }

  /** Indexes the next `n` held summaries. */
  indexNext(n = 1): void {
    const total = this.indexedCount + this.pending.length;
    for (let i = 0; i < n; i++) {
      const next = this.pending.shift();
      if (!next) return;
      this.external({ type: 'created', name: next.name, summary: next });
      this.indexedCount++;
      const { watch } = this.serverStatus;
      if (this.pending.length > 0) {
        this.setStatus({ ...(watch ? { watch } : {}), indexing: { done: this.indexedCount, total } });
      } else {
        this.setStatus(watch ? { watch } : {});
        this.finishIndex();
      }
    }
  }
  status(): ServerStatus {
    return this.serverStatus;
  }
  onStatus(listener: (s: ServerStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }
  /** Simulates a change of what the store is doing (watch mode, index progress). */
  setStatus(status: ServerStatus): void {
    this.serverStatus = status;
    for (const l of this.statusListeners) l(status);
  }
  async close(): Promise<void> {
    this.closed = true;
  }

  list(): CassetteSummary[] {
    return [...this.entries.values()].map((e) => e.summary).sort((a, b) => compareNames(a.name, b.name));
  }

  get(name: string): CassetteDetails | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    return {
      ...e.summary,
      version: '1.0',
      cookies_count: 0,
      http_count: e.interactions.length,
      http_error_count: 0,
      websocket_count: 0,
    };
  }

  async interactions(name: string): Promise<InteractionSummary[]> {
    const e = this.entries.get(name);
    if (!e) throw notFound(name);
    if (e.summary.error) throw new MagnetoError(ErrorCode.Unreadable, 'unreadable');
    return e.interactions;
  }

  async interaction(
    name: string,
    index: number,
  ): Promise<{ count: number; interaction?: InteractionOf<DecodedBody> }> {
    const e = this.entries.get(name);
    if (!e) throw notFound(name);
    if (e.summary.error) throw new MagnetoError(ErrorCode.Unreadable, 'unreadable');
    const interaction = e.decoded[index];
    return { count: e.decoded.length, ...(interaction ? { interaction } : {}) };
  }

  async create(input: CreateInput): Promise<CassetteSummary> {
    if (this.entries.has(input.name)) throw alreadyExists(input.name);
    const summary: CassetteSummary = {
      name: input.name,
      description: input.description ?? null,
      recorded_at: '2025-10-27T10:00:00.000Z',
      interactions_count: 0,
      mode: input.mode ?? 'auto',
    };
    this.entries.set(input.name, { summary, interactions: [], decoded: [] });
    this.emit({ type: 'created', name: input.name, summary });
    return summary;
  }

  async update(name: CassetteName, patch: UpdateInput): Promise<CassetteSummary> {
    const e = this.mutable(name);
    const summary: CassetteSummary = { ...e.summary };
    if (patch.description !== undefined) summary.description = patch.description;
    if (patch.mode !== undefined) summary.mode = patch.mode;
    e.summary = summary;
    this.emit({ type: 'updated', name, summary });
    return summary;
  }

  async remove(name: CassetteName): Promise<void> {
    this.mutable(name);
    this.entries.delete(name);
    this.emit({ type: 'deleted', name });
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A change made on disk by someone else (as the watcher would report it). */
  external(change: StoreChange): void {
    if (change.type === 'deleted') this.entries.delete(change.name);
    else this.entries.set(change.name, { summary: change.summary, interactions: [], decoded: [] });
    this.emit(change);
  }

  /** Seeds interactions for `GET …/interactions`. */
  setInteractions(name: string, items: InteractionSummary[]): void {
    const e = this.entries.get(name);
    if (e) e.interactions = items;
  }

  /** Seeds decoded interactions for `GET …/interactions/:index`. */
  setDecoded(name: string, items: InteractionOf<DecodedBody>[]): void {
    const e = this.entries.get(name);
    if (e) e.decoded = items;
  }

  private mutable(name: CassetteName): Entry {
    const e = this.entries.get(name);
    if (!e) throw notFound(name);
    if (e.summary.error) throw new MagnetoError(ErrorCode.Unreadable, 'unreadable');
    return e;
  }

  private emit(change: StoreChange): void {
    for (const l of this.listeners) l(change);
  }
}

export function summary(name: string, extra: Partial<CassetteSummary> = {}): CassetteSummary {
  return {
    name,
    description: null,
    recorded_at: '2025-10-26T10:00:00.123Z',
    interactions_count: 1,
    mode: 'auto',
    ...extra,
  };
}
