import { fit } from './format.js';
import { confirmDeleteText } from './confirm-line.js';
import type { UiState } from '../state/types.js';
import type { Theme } from './theme.js';

const KEYS = 'n new  e edit  d delete  / filter  s sort  p pause  r re-list  enter details  ? help  q quit';

/** The bottom line: key help, the filter being typed, or the delete question. */
export function keyBarLine(state: UiState, width: number, theme: Theme): string {
  const o = state.overlay;
  if (o.kind === 'confirm-delete') return confirmDeleteText(state, o.key, width, theme);
  if (o.kind === 'filter') return fit(` /${state.filter}▏  enter keep · esc clear`, width);
  const prefix = state.filter ? `filter: ${state.filter}  ` : '';
  return theme.dim(fit(` ${prefix}${KEYS}`, width));
}
