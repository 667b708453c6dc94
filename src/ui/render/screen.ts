import { bodyHeight, cassetteFile, findRow } from '../state/selectors.js';
import type { UiState } from '../state/types.js';
import { detailsLines } from './details-lines.js';
import { sanitize } from './sanitize.js';
import { truncate } from './format.js';
import { formLines } from './form-lines.js';
import { headerLine, type HeaderLabels } from './header-line.js';
import { helpLines } from './help-lines.js';
import { inspectorLines } from './inspector-lines.js';
import { keyBarLine } from './key-bar.js';
import { logLines } from './log-lines.js';
import { columnLayout, type ColumnId } from './layout.js';
import type { createRowRenderer } from './row-line.js';
import { columnHeaderLine, tableBodyLines } from './table-lines.js';
import type { Theme } from './theme.js';
import { toastLines } from './toast-lines.js';

/** What building a screen needs besides the state. */
export interface ScreenContext {
  theme: Theme;
  /** Already sanitised. */
  labels: HeaderLabels;
  /** Caches row lines across frames. */
  renderRow: ReturnType<typeof createRowRenderer>;
  /** The table's columns, NAME first. @default COLUMN_IDS */
  columns?: readonly ColumnId[];
}

/** Columns the lines use: the last terminal column is never written. */
export function screenWidth(state: Pick<UiState, 'columns'>): number {
  return Math.max(20, state.columns - 1);
}

/** Lines the screen has: at most rows − 1, so Ink never clears the terminal. */
export function screenHeight(state: Pick<UiState, 'rows'>): number {
  return Math.max(4, state.rows - 1);
}

/** Lines of the views shown in the table's place (details, inspector…): the table and its heading. */
export function panelHeight(state: Pick<UiState, 'rows' | 'toasts' | 'more'>): number {
  return bodyHeight(state) + 1;
}

/** A form, the details or the help in the table's place: exactly `height` lines cut to `width`. */
function panel(lines: readonly string[], width: number, height: number): string[] {
  return Array.from({ length: height }, (_, i) => truncate(lines[i] ?? '', width));
}

function body(state: UiState, width: number, ctx: ScreenContext): string[] {
  const height = panelHeight(state);
  const { theme } = ctx;
  const o = state.overlay;
  if (o.kind === 'form') return panel(formLines(o.form, state.table, width, theme), width, height);
  if (o.kind === 'help') return panel(helpLines(state, theme), width, height);
  if (o.kind === 'log') return panel(logLines(state.log, o, height, theme), width, height);
  if (o.kind === 'inspector') return panel(inspectorLines(o, width, height, theme), width, height);
  if (o.kind === 'details') {
    const row = findRow(state, o.key);
    const f = cassetteFile(state, o.key);
    const file = sanitize('path' in f ? f.path : `${o.key}.json`);
    const dc = { row, now: state.now, width, height, theme, file };
    return panel(detailsLines(o, dc), width, height);
  }
  const layout = columnLayout(width, ctx.columns);
  return [
    theme.bold(columnHeaderLine(state, layout)),
    ...tableBodyLines(state, layout, theme, ctx.renderRow),
  ];
}

/**
 * The whole screen for one state, as blocks of lines from top to bottom: the status line,
 * the table (or a form, the details, the help in its place), the toasts, the key bar.
 * Every line is built for the screen's width; the blocks add up to its height.
 */
export function screenBlocks(state: UiState, ctx: ScreenContext): string[][] {
  const width = screenWidth(state);
  return [
    [headerLine(state, ctx.labels, width, ctx.theme)],
    body(state, width, ctx),
    toastLines(state, width, ctx.theme),
    [keyBarLine(state, width, ctx.theme)],
  ];
}
