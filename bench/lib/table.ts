/** Plain-text tables for the console and for BENCHMARKS.md. */

export type Cell = string | number | null | undefined;

/** Formats a number with `digits` decimals; '-' for missing or NaN. */
export function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  if (!Number.isFinite(value)) return '∞';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Renders a GitHub-flavoured markdown table (also readable on a terminal). */
export function table(title: string, headers: string[], rows: Cell[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    '| ' +
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ') +
    ' |';
  const sep =
    '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|';
  return [`\n### ${title}\n`, line(headers), sep, ...cells.map(line), ''].join('\n');
}
