/**
 * `magneto-watch list` as a table: the UI's columns in plain text (no escape sequences),
 * every server string sanitised. On a terminal the description shrinks so that lines fit;
 * in a pipe nothing is cut.
 */
import { formatBytes, type CassetteSummary } from '../protocol/index.js';
import { displayWidth, fit, relativeTime } from '../ui/render/format.js';
import { sanitizeSummary } from '../ui/render/sanitize.js';
import type { Column } from './choices.js';

/** The columns `list` shows unless `--columns` or the config file says otherwise: the UI's. */
export const DEFAULT_LIST_COLUMNS: readonly Column[] = ['DESCRIPTION', 'INTERACTIONS', 'RECORDED'];

export interface TableOptions {
  /** Columns after NAME, in this order. */
  columns: readonly Column[];
  /** The terminal's width; undefined (a pipe) cuts nothing. */
  width?: number;
  /** For relative times ("2h ago"). */
  now: number;
}

const RIGHT: ReadonlySet<string> = new Set(['SIZE', 'INTERACTIONS', 'SECRETS']);
/** The description keeps at least this many columns on a narrow terminal. */
const MIN_DESCRIPTION = 11;
const GAP = '  ';

function cell(s: CassetteSummary, column: Column | 'NAME', now: number): string {
  switch (column) {
    case 'NAME':
      return s.name;
    case 'MODE':
      return s.mode ?? '—';
    case 'SIZE':
      return formatBytes(s.size_bytes);
    case 'DESCRIPTION':
      return s.error !== undefined ? `unreadable: ${s.error}` : (s.description ?? '');
    case 'INTERACTIONS':
      return s.interactions_count === null ? '—' : String(s.interactions_count);
    case 'RECORDED':
      return relativeTime(s.recorded_at, now);
    case 'SECRETS':
      // Unknown (upstream does not scan, or an unreadable file) is not 0 (protocol.md §2.2).
      return s.secrets_count === null || s.secrets_count === undefined
        ? '—'
        : `${s.secrets_count}${s.secrets_partial ? '+' : ''}`;
  }
}

/** The header line and one line per cassette, in the order given. */
export function listTable(cassettes: readonly CassetteSummary[], o: TableOptions): string[] {
  const columns: (Column | 'NAME')[] = ['NAME', ...o.columns];
  const rows = cassettes.map((c) => {
    const s = sanitizeSummary(c);
    return columns.map((col) => cell(s, col, o.now));
  });
  const widths = columns.map((col, i) => Math.max(col.length, ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const d = columns.indexOf('DESCRIPTION');
  if (o.width !== undefined && d >= 0) {
    const total = widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
    const excess = total - o.width;
    if (excess > 0) widths[d] = Math.max(MIN_DESCRIPTION, (widths[d] ?? 0) - excess);
  }
  const line = (cells: readonly string[]): string => {
    const text = cells
      .map((text, i) => fit(text, widths[i] ?? 0, RIGHT.has(columns[i] ?? '') ? 'right' : 'left'))
      .join(GAP)
      .trimEnd();
    return o.width !== undefined && displayWidth(text) > o.width ? fit(text, o.width).trimEnd() : text;
  };
  return [line(columns), ...rows.map(line)];
}
