import { formatBytes } from '../../protocol/index.js';
import { fit, realign, relativeTime } from './format.js';
import { GAP, PREFIX, type ColumnId, type ColumnLayout } from './layout.js';
import { flashStep } from '../state/timing.js';
import type { Row } from '../state/types.js';
import type { Theme } from './theme.js';

export interface RowContext {
  layout: ColumnLayout;
  theme: Theme;
  now: number;
}

function marker(row: Row, step: number | undefined): string {
  if (row.deletedAt !== undefined) return '-';
  if (row.view.error !== undefined) return '!';
  if (row.flash && step !== undefined) return row.flash.kind === 'created' ? '+' : '~';
  return ' ';
}

function description(row: Row): string {
  if (row.deletedAt !== undefined) return '(deleted)';
  if (row.deleting) return 'deleting…';
  if (row.view.error !== undefined) return `unreadable: ${row.view.error}`;
  return row.view.description ?? '';
}

/** The interaction count, with `+N` while the row flashes for an update that added N (issue 9 §5). */
function interactions(row: Row, step: number | undefined, width: number): string {
  const count = row.view.interactions_count;
  if (count === null) return '—';
  const added = step !== undefined ? row.flash?.added : undefined;
  const withAdded = added ? `${count} +${added}` : String(count);
  // In the compact column (`#`) the count comes first: `+N` only when it fits.
  return withAdded.length <= width ? withAdded : String(count);
}

/** What a row shows in column `id`, and on which side. */
function cell(
  row: Row,
  id: ColumnId,
  rec: string,
  step: number | undefined,
  width: number,
): [string, 'left' | 'right'] {
  const v = row.view;
  switch (id) {
    case 'name':
      return [v.name, 'left'];
    case 'secrets':
      // A lower bound (secrets_partial) is still a finding; 0, unknown and unreadable are blank.
      return [v.secrets_count ? '⚠' : '', 'left'];
    case 'description':
      return [description(row), 'left'];
    case 'mode':
      return [v.mode ?? '—', 'left'];
    case 'interactions':
      return [interactions(row, step, width), 'right'];
    case 'size':
      return [formatBytes(v.size_bytes), 'right'];
    case 'recorded':
      return [rec, 'left'];
  }
}

function style(row: Row, step: number | undefined, selected: boolean, theme: Theme, text: string): string {
  let out = text;
  if (row.deletedAt !== undefined) out = theme.dim(theme.red(out));
  else if (row.flash && step !== undefined) {
    const paint = row.flash.kind === 'created' ? theme.green : theme.yellow;
    out = step === 0 ? theme.bold(paint(out)) : step === 1 ? paint(out) : theme.dim(paint(out));
  } else if (row.deleting) out = theme.dim(out);
  return selected && theme.color ? theme.inverse(out) : out;
}

/** One table line, exactly `layout.width` columns, styled. */
function renderWith(
  row: Row,
  selected: boolean,
  step: number | undefined,
  rec: string,
  ctx: RowContext,
): string {
  let text = `${selected ? '›' : ' '}${marker(row, step)} `;
  let column = PREFIX;
  for (const c of ctx.layout.columns) {
    if (column > PREFIX) {
      text += ' '.repeat(GAP);
      column += GAP;
    }
    const [value, align] = cell(row, c.id, rec, step, c.width);
    column += c.width;
    // After a cell the terminal may measure otherwise (emoji, Devanagari…), the next one is
    // put at its column (format.ts, realign): the columns stay in line whatever its rules.
    text += fit(value, c.width, align) + realign(value, column);
  }
  return style(row, step, selected, ctx.theme, text);
}

/**
 * Per-row cache, keyed by the summary behind the row (immutable: a change brings a new
 * object): its line only changes with the row's mark (flash kind, step and `+N`, tombstone,
 * deletion in flight), selection, layout, theme and the relative-time text. Entries die
 * with their summaries.
 */
export function createRowRenderer(): (row: Row, selected: boolean, ctx: RowContext) => string {
  const cache = new WeakMap<Row['summary'], { key: string; line: string }>();
  return (row, selected, ctx) => {
    const step = row.flash ? flashStep(row.flash.at, ctx.now) : undefined;
    const rec = relativeTime(row.view.recorded_at, ctx.now);
    const mark = `${row.flash?.kind ?? '-'}${step ?? '-'}${row.flash?.added ?? ''}|${row.deletedAt !== undefined ? 'x' : '-'}${row.deleting ? 'd' : '-'}`;
    const key = `${mark}|${selected ? 1 : 0}|${rec}|${ctx.layout.key}|${ctx.theme.color ? 1 : 0}`;
    const hit = cache.get(row.summary);
    if (hit && hit.key === key) return hit.line;
    const line = renderWith(row, selected, step, rec, ctx);
    cache.set(row.summary, { key, line });
    return line;
  };
}
