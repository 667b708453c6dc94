import { sanitize } from './sanitize.js';
import { span, textWidth, type StyledLine } from './styled-line.js';
import { truncate } from './format.js';

/** The name column of a header table is never wider than this (a long name is cut with `…`). */
export const HEADER_NAME_CAP = 28;

/**
 * Headers as an aligned two-column table, names and values sanitised: the name column as
 * wide as the longest name, at most {@link HEADER_NAME_CAP}; `indent` before each line.
 */
export function headerTable(headers: Readonly<Record<string, string>>, indent = '  '): StyledLine[] {
  const rows = Object.entries(headers).map(([name, value]) => {
    const n = sanitize(name);
    return {
      name: textWidth(n) > HEADER_NAME_CAP ? truncate(n, HEADER_NAME_CAP) : n,
      value: sanitize(value),
    };
  });
  if (rows.length === 0) return [[span(`${indent}(no headers)`, 'dim')]];
  const width = Math.max(...rows.map((r) => textWidth(r.name)));
  return rows.map((r) => [
    span(indent),
    span(r.name, 'key'),
    span(' '.repeat(width - textWidth(r.name) + 2)),
    span(r.value),
  ]);
}
