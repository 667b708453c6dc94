import { Box } from 'ink';
import { headerLine, type HeaderLabels } from '../render/header-line.js';
import { keyBarLine } from '../render/key-bar.js';
import { toastLines } from '../render/toast-lines.js';
import { detailsLines } from '../render/details-lines.js';
import { formLines } from '../render/form-lines.js';
import { helpLines } from '../render/help-lines.js';
import { Lines } from './lines.js';
import { Panel } from './panel.js';
import { Table } from './table.js';
import { useKeys } from '../input/use-keys.js';
import type { KeyPress } from '../input/keymap.js';
import { bodyHeight, findRow } from '../state/selectors.js';
import type { UiState } from '../state/types.js';
import type { Theme } from '../render/theme.js';

export type ScreenLabels = HeaderLabels;

export interface AppProps {
  state: UiState;
  theme: Theme;
  /** Already sanitised. */
  labels: ScreenLabels;
  onKey: (input: string, key: KeyPress) => void;
}

function Body({ state, width, theme }: { state: UiState; width: number; theme: Theme }) {
  const height = bodyHeight(state) + 1;
  const o = state.overlay;
  if (o.kind === 'form')
    return <Panel lines={formLines(o.form, state.table, width, theme)} width={width} height={height} />;
  if (o.kind === 'help') return <Panel lines={helpLines(theme)} width={width} height={height} />;
  if (o.kind === 'details') {
    const lines = detailsLines(o, findRow(state, o.key), state.now, width, height, theme);
    return <Panel lines={lines} width={width} height={height} />;
  }
  return <Table state={state} width={width} theme={theme} />;
}

/**
 * The whole screen for one state: status line, table (or a form, details, help in its
 * place), toasts, help line. Always exactly rows − 1 lines; never writes the last column.
 * A pure view: the session re-renders it once per frame. Every part is a `Lines` block of
 * lines built for `width`: Ink only stacks them (in run-tui it is told the terminal is
 * a few columns wide, so plain `<Text>` here would wrap).
 */
export function App({ state, theme, labels, onKey }: AppProps) {
  useKeys(onKey);
  const width = Math.max(20, state.columns - 1);
  const height = Math.max(4, state.rows - 1);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines lines={[headerLine(state, labels, width, theme)]} />
      <Body state={state} width={width} theme={theme} />
      <Lines lines={toastLines(state, width, theme)} />
      <Lines lines={[keyBarLine(state, width, theme)]} />
    </Box>
  );
}
