import { useMemo } from 'react';
import { createRowRenderer } from '../render/row-line.js';
import { columnHeaderLine, tableBodyLines } from '../render/table-lines.js';
import type { Theme } from '../render/theme.js';
import type { UiState } from '../state/types.js';
import { Lines } from './lines.js';

export function Table({ state, width, theme }: { state: UiState; width: number; theme: Theme }) {
  const render = useMemo(() => createRowRenderer(), []);
  const lines = tableBodyLines(state, width, theme, render);
  return <Lines lines={[theme.bold(columnHeaderLine(state, width)), ...lines]} />;
}
