import { sameSummary, type CassetteEvent, type CassetteSummary } from '../../protocol/index.js';
import { sanitize, sanitizeSummary } from '../sanitize.js';
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

function makeRow(summary: CassetteSummary, flash?: Row['flash']): Row {
  const row: Row = { key: summary.name, summary, view: sanitizeSummary(summary) };
  if (flash) row.flash = flash;
  return row;
}

/** Applies one event to `table` (mutated: the caller owns a fresh copy). */
export function applyEvent(table: Map<string, Row>, event: CassetteEvent, now: number, changes: Change[]): void {
  if (event.type === 'CassetteDeleted') {
    const row = table.get(event.name);
    if (!row || row.deletedAt !== undefined) return;
    table.set(event.name, { key: row.key, summary: row.summary, view: row.view, deletedAt: now });
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
  table.set(s.name, next);
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

/** Ends flashes and removes tombstones whose time is over; returns `table` itself when nothing expired. */
export function expireRows(table: ReadonlyMap<string, Row>, now: number): ReadonlyMap<string, Row> {
  let next: Map<string, Row> | undefined;
  for (const [key, row] of table) {
    if (row.deletedAt !== undefined && now - row.deletedAt >= TOMBSTONE_MS) {
      next ??= new Map(table);
      next.delete(key);
    } else if (row.flash && flashStep(row.flash.at, now) === undefined) {
      next ??= new Map(table);
      const { flash: _flash, ...rest } = row;
      next.set(key, rest);
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
