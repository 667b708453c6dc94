import { fit } from './format.js';
import { COMPACT_INTERACTIONS, GAP, PREFIX, type ColumnId, type ColumnLayout } from './layout.js';
import { bodyHeight, rowOf, visibleRows } from '../state/selectors.js';
import type { SortKey, UiState } from '../state/types.js';
import type { Theme } from './theme.js';
import { createRowRenderer } from './row-line.js';

function arrow(state: UiState, key: SortKey): string {
  if (state.sort.key !== key) return '';
  const descending = key === 'name' ? state.sort.reverse : !state.sort.reverse;
  return descending ? ' ▼' : ' ▲';
}

function heading(state: UiState, id: ColumnId, width: number): [string, 'left' | 'right'] {
  switch (id) {
    case 'name':
      return [`NAME${arrow(state, 'name')}`, 'left'];
    case 'secrets':
      return ['⚠', 'left'];
    case 'description':
      return ['DESCRIPTION', 'left'];
    case 'mode':
      return ['MODE', 'left'];
    case 'interactions':
      return [
        `${width <= COMPACT_INTERACTIONS ? '#' : 'INTERACTIONS'}${arrow(state, 'interactions')}`,
        'right',
      ];
    case 'size':
      return ['SIZE', 'right'];
    case 'recorded':
      return [`RECORDED${arrow(state, 'recorded')}`, 'left'];
  }
}

/** The column header line. */
export function columnHeaderLine(state: UiState, layout: ColumnLayout): string {
  const text = layout.columns
    .map((c) => {
      const [title, align] = heading(state, c.id, c.width);
      return fit(title, c.width, align);
    })
    .join(' '.repeat(GAP));
  return fit(' '.repeat(PREFIX) + text, layout.width);
}

/** The visible window of table lines (only these are rendered), padded to the body height. */
export function tableBodyLines(
  state: UiState,
  layout: ColumnLayout,
  theme: Theme,
  render: ReturnType<typeof createRowRenderer>,
): string[] {
  const height = bodyHeight(state);
  const rows = visibleRows(state).slice(state.scrollTop, state.scrollTop + height);
  const ctx = { layout, theme, now: state.now };
  const lines = rows.map((s) => render(rowOf(state, s), s.name === state.selected, ctx));
  if (rows.length === 0 && state.loaded)
    lines.push(state.filter ? '   no cassette matches the filter' : '   no cassettes');
  if (!state.loaded && rows.length === 0) lines.push('   loading…');
  while (lines.length < height) lines.push('');
  return lines;
}
