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

/** Created/Updated upsert by name; Deleted removes. */
export function applyEvent(table: Map<string, CassetteSummary>, e: CassetteEvent): void {
  if (e.type === 'CassetteDeleted') table.delete(e.name);
  else table.set(e.cassette.name, e.cassette);
}

/**
 * The events that turn `before` into `after` (polling mode, protocol.md §4.5): synthesised with
 * seq -1 and epoch `''`, so the UI shows the same flashes and toasts as with `/ws`.
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
    const old = before.get(cassette.name);
    if (old === undefined) events.push({ type: 'CassetteCreated', cassette, timestamp, seq: -1, epoch: '' });
    else if (!sameSummary(old, cassette)) {
      events.push({ type: 'CassetteUpdated', cassette, timestamp, seq: -1, epoch: '' });
    }
  }
  for (const name of before.keys()) {
    if (!seen.has(name)) events.push({ type: 'CassetteDeleted', name, timestamp, seq: -1, epoch: '' });
  }
  return events;
}
