import { fit, truncate } from './format.js';
import type { UiState } from '../state/types.js';
import type { Theme } from './theme.js';

/** `Delete cassette 'x'? (y/N)` for the cassette locked when `d` was pressed. */
export function confirmDeleteText(state: UiState, key: string, width: number, theme: Theme): string {
  const name = state.table.get(key)?.view.name ?? key;
  return theme.bold(
    theme.red(fit(` Delete cassette '${truncate(name, Math.max(1, width - 30))}'? (y/N)`, width)),
  );
}
