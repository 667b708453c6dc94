import { applyEvent, replaceTable } from '../../src/client/stream.js';
import type {
  ConnectionStatus,
  InteractionOptions,
  ServerInfo,
  SnapshotReason,
  SyncEngine,
  SyncUpdate,
} from '../../src/client/types.js';
import type {
  CassetteDetails,
  CassetteEvent,
  CassetteMode,
  CassetteSummary,
  Interaction,
  InteractionSummary,
} from '../../src/protocol/index.js';

/** A promise the test settles by hand. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface Call<A, T> {
  args: A;
  result: Deferred<T>;
}

/** Notes a call in `calls` and returns the promise the test settles. */
function record<A, T>(calls: Call<A, T>[], args: A): Promise<T> {
  const result = deferred<T>();
  calls.push({ args, result });
  return result.promise;
}

/** A summary as a magneto-watch server lists it (mode and size included), with `over` applied. */
export function summary(name: string, over: Partial<CassetteSummary> = {}): CassetteSummary {
  return {
    name,
    description: null,
    recorded_at: '2025-10-27T10:00:00Z',
    interactions_count: 0,
    mode: 'auto',
    size_bytes: 512,
    ...over,
  };
}

/**
 * A SyncEngine for UI tests: `created`/`updated`/`deleted`/`snapshot` change `table` in
 * place with the real engine's functions and deliver the update; `push` delivers any other
 * update (keeping `status` and `info` in step). Every action call is recorded with a
 * promise the test resolves or rejects.
 */
export class FakeEngine implements SyncEngine {
  status: ConnectionStatus = { kind: 'live' };
  info: ServerInfo = { flavor: 'magneto-watch', canCreate: true, canUpdate: true };
  table = new Map<string, CassetteSummary>();
  started = 0;
  stopped = 0;
  relists = 0;
  readonly creates: Call<
    { name: string; description?: string | null; mode?: CassetteMode },
    CassetteSummary
  >[] = [];
  readonly updates: Call<
    { name: string; patch: { description?: string | null; mode?: CassetteMode } },
    CassetteSummary
  >[] = [];
  readonly removes: Call<{ name: string }, void>[] = [];
  readonly detailCalls: Call<{ name: string }, CassetteDetails>[] = [];
  readonly interactionCalls: Call<{ name: string }, InteractionSummary[]>[] = [];
  /** Calls of `interaction(name, index, options)`: one interaction, whole. */
  readonly interactionDetailCalls: Call<
    { name: string; index: number; options: InteractionOptions | undefined },
    Interaction
  >[] = [];
  readonly listCalls: Call<Record<string, never>, CassetteSummary[]>[] = [];
  private readonly listeners = new Set<(u: SyncUpdate) => void>();
  private seq = 0;

  constructor(initial: CassetteSummary[] = []) {
    for (const c of initial) this.table.set(c.name, c);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  start(): void {
    this.started++;
  }

  async stop(): Promise<void> {
    this.stopped++;
  }

  subscribe(listener: (update: SyncUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push(update: SyncUpdate): void {
    if (update.type === 'status') this.status = update.status;
    if (update.type === 'server') this.info = update.info;
    for (const l of this.listeners) l(update);
  }

  private event(e: { type: CassetteEvent['type']; cassette?: CassetteSummary; name?: string }): void {
    const event = { ...e, seq: ++this.seq, epoch: 'e1', timestamp: '' } as CassetteEvent;
    // The table changes first, as the real engine's does, in place (views keep the Map).
    this.push({ type: 'event', event, change: applyEvent(this.table, event) });
  }

  created(c: CassetteSummary): void {
    this.event({ type: 'CassetteCreated', cassette: c });
  }

  updated(c: CassetteSummary): void {
    this.event({ type: 'CassetteUpdated', cassette: c });
  }

  deleted(name: string): void {
    this.event({ type: 'CassetteDeleted', name });
  }

  snapshot(
    cassettes: CassetteSummary[],
    reason: SnapshotReason = 'relist',
    at: { epoch?: string; seq?: number } = {},
  ): void {
    const changes = replaceTable(this.table, cassettes);
    this.push({ type: 'snapshot', changes, epoch: at.epoch ?? 'e1', seq: at.seq ?? this.seq, reason });
  }

  setStatus(status: ConnectionStatus): void {
    this.push({ type: 'status', status });
  }

  async relist(): Promise<void> {
    this.relists++;
  }

  list(): Promise<CassetteSummary[]> {
    return record(this.listCalls, {});
  }

  create(input: {
    name: string;
    description?: string | null;
    mode?: CassetteMode;
  }): Promise<CassetteSummary> {
    return record(this.creates, input);
  }

  update(
    name: string,
    patch: { description?: string | null; mode?: CassetteMode },
  ): Promise<CassetteSummary> {
    return record(this.updates, { name, patch });
  }

  remove(name: string): Promise<void> {
    return record(this.removes, { name });
  }

  details(name: string): Promise<CassetteDetails> {
    return record(this.detailCalls, { name });
  }

  interactions(name: string): Promise<InteractionSummary[]> {
    return record(this.interactionCalls, { name });
  }

  interaction(name: string, index: number, options?: InteractionOptions): Promise<Interaction> {
    return record(this.interactionDetailCalls, { name, index, options });
  }
}
