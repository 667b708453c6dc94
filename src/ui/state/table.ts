import { sameSummary, type CassetteEvent, type CassetteSummary } from '../../protocol/index.js';
import { sanitize, sanitizeSummary } from '../render/sanitize.js';
import { RowTable, type MutableTable } from './row-table.js';
import { flashStep, TOMBSTONE_MS } from './timing.js';
import type { Row } from './types.js';

/** A change to show: what the toast says, and about which cassette (display name). */
export interface Change {
  kind: 'created' | 'updated' | 'deleted';
  name: string;
}

export function toastText(c: Change): string {
  if (c.kind === 'created') return `New cassette: ${c.name}`;
  if (c.kind === 'deleted') return `Cassette deleted: ${c.name}`;
  return `Cassette updated: ${c.name}`;
}

/** The table a table was copied from, and the keys it changed since (see {@link copyTable}). */
export interface TableOrigin {
  from: ReadonlyMap<string, Row>;
  keys: Set<string>;
}

const origins = new WeakMap<ReadonlyMap<string, Row>, TableOrigin>();

/**
 * A copy of `from` (cheap, see {@link RowTable}; `from` must not change afterwards) that remembers which keys it changes (through {@link setRow}
 * and {@link deleteRow}), so that selectors can update their last result instead of
 * recomputing it over 10 000 rows. A copy of a copy nobody looked at yet points at the
 * original, so origins never chain.
 */
export function copyTable(from: ReadonlyMap<string, Row>): RowTable {
  const next = from instanceof RowTable ? from.copy() : new RowTable(from);
  const o = origins.get(from);
  origins.set(next, o ? { from: o.from, keys: new Set(o.keys) } : { from, keys: new Set() });
  return next;
}

/** Where `table` came from; `forget` drops the link (the caller has used it). */
export function tableOrigin(table: ReadonlyMap<string, Row>, forget = false): TableOrigin | undefined {
  const o = origins.get(table);
  if (forget) origins.delete(table);
  return o;
}

/** `table.set`, noted in the table's origin. */
export function setRow(table: MutableTable, row: Row): void {
  table.set(row.key, row);
  origins.get(table)?.keys.add(row.key);
}

/** `table.delete`, noted in the table's origin. */
export function deleteRow(table: MutableTable, key: string): void {
  table.delete(key);
  origins.get(table)?.keys.add(key);
}

function makeRow(summary: CassetteSummary, flash?: Row['flash']): Row {
  const row: Row = { key: summary.name, summary, view: sanitizeSummary(summary) };
  if (flash) row.flash = flash;
  return row;
}

/** Applies one event to `table` (mutated: the caller owns a fresh copy). */
export function applyEvent(table: MutableTable, event: CassetteEvent, now: number, changes: Change[]): void {
  if (event.type === 'CassetteDeleted') {
    const row = table.get(event.name);
    if (!row || row.deletedAt !== undefined) return;
    setRow(table, { key: row.key, summary: row.summary, view: row.view, deletedAt: now });
    changes.push({ kind: 'deleted', name: row.view.name });
    return;
  }
  const s = event.cassette;
  const row = table.get(s.name);
  const live = row !== undefined && row.deletedAt === undefined;
  if (live && sameSummary(row.summary, s)) return;
  const kind = live ? 'updated' : event.type === 'CassetteCreated' || !row ? 'created' : 'updated';
  const next = makeRow(s, { kind, at: now });
  if (live && row.deleting) next.deleting = true;
  setRow(table, next);
  changes.push({ kind, name: sanitize(s.name) });
}

/**
 * Replaces the table with a snapshot. With `flash`, rows that appeared or changed flash
 * and rows the snapshot lacks become tombstones, each reported in `changes`.
 */
export function applySnapshot(
  table: ReadonlyMap<string, Row>,
  cassettes: Iterable<CassetteSummary>,
  now: number,
  flash: boolean,
  changes: Change[],
): Map<string, Row> {
  const next = new Map<string, Row>();
  for (const s of cassettes) {
    const row = table.get(s.name);
    const live = row !== undefined && row.deletedAt === undefined;
    if (!flash) next.set(s.name, makeRow(s));
    else if (live && sameSummary(row.summary, s)) next.set(s.name, row);
    else {
      const kind = live ? 'updated' : 'created';
      next.set(s.name, makeRow(s, { kind, at: now }));
      changes.push({ kind, name: sanitize(s.name) });
    }
  }
  if (flash) {
    for (const [key, row] of table) {
      if (next.has(key)) continue;
      if (row.deletedAt !== undefined) next.set(key, row);
      else {
        next.set(key, { key, summary: row.summary, view: row.view, deletedAt: now });
        changes.push({ kind: 'deleted', name: row.view.name });
      }
    }
  }
  return next;
}

/**
 * Ends flashes and removes tombstones whose time is over; returns `table` itself when
 * nothing expired. With `owned` (a copy made this tick) it changes `table` in place.
 */
export function expireRows(
  table: ReadonlyMap<string, Row>,
  now: number,
  owned = false,
): ReadonlyMap<string, Row> {
  let next: MutableTable | undefined = owned ? (table as MutableTable) : undefined;
  // A RowTable knows which rows can expire; copied, since the loop may change them.
  const keys = table instanceof RowTable ? [...table.timed] : table.keys();
  for (const key of keys) {
    const row = table.get(key);
    if (!row) continue;
    if (row.deletedAt !== undefined) {
      if (now - row.deletedAt < TOMBSTONE_MS) continue;
      next ??= copyTable(table);
      deleteRow(next, key);
    } else if (row.flash && flashStep(row.flash.at, now) === undefined) {
      next ??= copyTable(table);
      const plain: Row = { key: row.key, summary: row.summary, view: row.view };
      if (row.deleting) plain.deleting = true;
      setRow(next, plain);
    }
  }
  return next ?? table;
}

/** The summaries of live rows (no tombstones): what pause starts from. */
export function liveSummaries(table: ReadonlyMap<string, Row>): Map<string, CassetteSummary> {
  const out = new Map<string, CassetteSummary>();
  for (const [key, row] of table) if (row.deletedAt === undefined) out.set(key, row.summary);
  return out;
}
