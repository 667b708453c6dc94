import { fit, truncate } from './format.js';
import { findRow } from '../state/selectors.js';
import type { UiState } from '../state/types.js';
import { sanitize } from './sanitize.js';
import type { Theme } from './theme.js';

/** `Delete cassette 'x'? (y/N)` for the cassette locked when `d` was pressed. */
export function confirmDeleteText(state: UiState, key: string, width: number, theme: Theme): string {
  const name = findRow(state, key)?.view.name ?? sanitize(key);
  return theme.bold(
    theme.red(fit(` Delete cassette '${truncate(name, Math.max(1, width - 30))}'? (y/N)`, width)),
  );
}
