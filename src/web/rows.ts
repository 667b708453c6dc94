import { formatBytes, type CassetteSummary } from '../protocol/index.js';

/** Rows by name, case-insensitive, then by code point so that the order is total. */
export function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The filter matches the name or the description, case-insensitive (like the terminal's `/`). */
export function matchesFilter(s: CassetteSummary, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  return s.name.toLowerCase().includes(needle) || (s.description ?? '').toLowerCase().includes(needle);
}

/** The text of each cell of a row; every value is inserted as text, never as HTML. */
export interface RowCells {
  name: string;
  description: string;
  mode: string;
  interactions: string;
  /** RFC 3339, for `<time datetime>`; empty when unknown. */
  recordedIso: string;
  size: string;
  /** Why the file is unreadable (protocol.md §1.5), or empty. */
  error: string;
}

export function rowCells(s: CassetteSummary): RowCells {
  return {
    name: s.name,
    description: s.description ?? '',
    mode: s.mode ?? 'auto',
    interactions: s.interactions_count === null ? '—' : String(s.interactions_count),
    recordedIso: s.recorded_at ?? '',
    size: s.size_bytes === undefined ? '—' : formatBytes(s.size_bytes),
    error: s.error ?? '',
  };
}
