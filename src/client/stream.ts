import { sameSummary, type CassetteEvent, type CassetteSummary } from '../protocol/index.js';

/** Where the engine is in the server's event stream. */
export interface StreamPosition {
  epoch: string | null;
  seq: number | null;
}

/**
 * What to do with an incoming event (protocol.md §4.2): `apply` it, `drop` it (seq ≤ last),
 * or re-list because of a `gap` (seq > last + 1) or a different `epoch`.
 * Events with seq -1 (a server without seq) are always applied.
 */
export function judgeEvent(at: StreamPosition, e: CassetteEvent): 'apply' | 'drop' | 'gap' | 'epoch' {
  if (e.seq < 0) return 'apply';
  if (at.epoch !== null && e.epoch !== '' && e.epoch !== at.epoch) return 'epoch';
  if (at.seq === null) return 'apply';
  if (e.seq <= at.seq) return 'drop';
  return e.seq === at.seq + 1 ? 'apply' : 'gap';
}

/** How one name's row changed; `unchanged` when an event left it as it was. */
export type ChangeKind = 'created' | 'updated' | 'deleted' | 'unchanged';

/**
 * What an event or a re-list did to one row of the engine's table. `previous` is the
 * summary the table held before (undefined when the name was not there): what a view
 * keeps showing for a deleted row, and what a paused view still shows.
 */
export interface TableChange {
  name: string;
  kind: ChangeKind;
  previous: CassetteSummary | undefined;
}

/** The kind of change from `previous` to `next` (either may be absent). */
export function changeKind(
  previous: CassetteSummary | undefined,
  next: CassetteSummary | undefined,
): ChangeKind {
  if (previous === undefined) return next === undefined ? 'unchanged' : 'created';
  if (next === undefined) return 'deleted';
  return sameSummary(previous, next) ? 'unchanged' : 'updated';
}

/**
 * Created/Updated upsert by name; Deleted removes. Returns what changed. A summary equal
 * to the one held is not stored: the table keeps the object views already hold.
 */
export function applyEvent(table: Map<string, CassetteSummary>, e: CassetteEvent): TableChange {
  const name = e.type === 'CassetteDeleted' ? e.name : e.cassette.name;
  const previous = table.get(name);
  const next = e.type === 'CassetteDeleted' ? undefined : e.cassette;
  const kind = changeKind(previous, next);
  if (next === undefined) table.delete(name);
  else if (kind !== 'unchanged') table.set(name, next);
  return { name, kind, previous };
}

/**
 * Replaces the whole table with a snapshot, in place (protocol.md §4.2: rows the snapshot
 * lacks disappear), and returns the rows that differ from before. Rows equal to before keep
 * their summary object.
 */
export function replaceTable(
  table: Map<string, CassetteSummary>,
  cassettes: readonly CassetteSummary[],
): TableChange[] {
  const next = new Map<string, CassetteSummary>();
  for (const c of cassettes) next.set(c.name, c);
  const changes: TableChange[] = [];
  next.forEach((c, name) => {
    const previous = table.get(name);
    const kind = changeKind(previous, c);
    if (kind === 'unchanged') next.set(name, previous as CassetteSummary);
    else changes.push({ name, kind, previous });
  });
  table.forEach((previous, name) => {
    if (!next.has(name)) changes.push({ name, kind: 'deleted', previous });
  });
  // The same Map object: views hold it and read rows from it.
  table.clear();
  next.forEach((c, name) => table.set(name, c));
  return changes;
}

/**
 * The events that turn `before` into `after` (polling mode, protocol.md §4.5): synthesised
 * with seq -1 and epoch `''`, so a view shows the same flashes and toasts as with `/ws`.
 */
export function diffTables(
  before: ReadonlyMap<string, CassetteSummary>,
  after: readonly CassetteSummary[],
  timestamp: string,
): CassetteEvent[] {
  const events: CassetteEvent[] = [];
  const seen = new Set<string>();
  for (const cassette of after) {
    seen.add(cassette.name);
    const kind = changeKind(before.get(cassette.name), cassette);
    if (kind === 'created') events.push({ type: 'CassetteCreated', cassette, timestamp, seq: -1, epoch: '' });
    else if (kind === 'updated') {
      events.push({ type: 'CassetteUpdated', cassette, timestamp, seq: -1, epoch: '' });
    }
  }
  for (const name of before.keys()) {
    if (!seen.has(name)) events.push({ type: 'CassetteDeleted', name, timestamp, seq: -1, epoch: '' });
  }
  return events;
}
