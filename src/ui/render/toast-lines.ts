import { truncate } from './format.js';
import type { UiState } from '../state/types.js';
import type { Theme } from './theme.js';

/** Toast lines (at most 3), the folded burst last. Texts are already sanitised. */
export function toastLines(state: UiState, width: number, theme: Theme): string[] {
  const lines = state.toasts.map((t) =>
    t.kind === 'error'
      ? theme.red(` ✕ ${truncate(t.text, width - 3)}`)
      : ` ${theme.green('✓')} ${truncate(t.text, width - 3)}`,
  );
  if (state.more.count > 0) lines.push(theme.dim(` … +${state.more.count} more changes`));
  return lines.slice(0, 3);
}
