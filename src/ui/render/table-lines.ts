import { fit } from './format.js';
import { columnLayout, PREFIX } from './layout.js';
import { bodyHeight, rowOf, visibleRows } from '../state/selectors.js';
import type { SortKey, UiState } from '../state/types.js';
import type { Theme } from './theme.js';
import { createRowRenderer } from './row-line.js';

function arrow(state: UiState, key: SortKey): string {
  if (state.sort.key !== key) return '';
  const descending = key === 'name' ? state.sort.reverse : !state.sort.reverse;
  return descending ? ' ▼' : ' ▲';
}

/** The column header line. */
export function columnHeaderLine(state: UiState, width: number): string {
  const l = columnLayout(width);
  let text = ' '.repeat(PREFIX) + fit(`NAME${arrow(state, 'name')}`, l.name);
  if (l.desc > 0) text += `  ${fit('DESCRIPTION', l.desc)}`;
  const inter = l.inter >= 14 ? 'INTERACTIONS' : '#';
  text += `  ${fit(inter + arrow(state, 'interactions'), l.inter, 'right')}`;
  text += `  ${fit(`RECORDED${arrow(state, 'recorded')}`, l.rec)}`;
  return fit(text, width);
}

/** The visible window of table lines (only these are rendered), padded to the body height. */
export function tableBodyLines(
  state: UiState,
  width: number,
  theme: Theme,
  render: ReturnType<typeof createRowRenderer>,
): string[] {
  const height = bodyHeight(state);
  const rows = visibleRows(state).slice(state.scrollTop, state.scrollTop + height);
  const ctx = { layout: columnLayout(width), theme, now: state.now };
  const lines = rows.map((s) => render(rowOf(state, s), s.name === state.selected, ctx));
  if (rows.length === 0 && state.loaded)
    lines.push(state.filter ? '   no cassette matches the filter' : '   no cassettes');
  if (!state.loaded && rows.length === 0) lines.push('   loading…');
  while (lines.length < height) lines.push('');
  return lines;
}

/** The column header and the visible rows, each row line cached by its renderer. */
