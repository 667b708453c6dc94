import { displayWidth, fit, truncate } from './format.js';
import { confirmDeleteText } from './confirm-line.js';
import { keyHints, type Hint } from './key-hints.js';
import type { UiState } from '../state/types.js';
import type { Theme } from './theme.js';

const SEPARATOR = '  ';

function join(hints: readonly Hint[]): string {
  return hints.map((h) => `${h.keys} ${h.label}`).join(SEPARATOR);
}

/**
 * ` prefix  hint  hint…` in at most `width` columns: the prefix takes at most a third of
 * it, then the hints of highest rank go first (the rightmost of a rank first), then the
 * prefix is cut further; the order never changes, so a key stays where the eye learnt it.
 * Rank-0 hints stay at any width the screen allows.
 */
export function fitHints(hints: readonly Hint[], width: number, prefix = ''): string {
  if (prefix !== '') prefix = truncate(prefix, Math.max(12, Math.floor(width / 3))) + SEPARATOR;
  const kept = [...hints];
  const text = (): string => ` ${prefix}${join(kept)}`;
  while (displayWidth(text()) > width) {
    let drop = -1;
    for (let i = 0; i < kept.length; i++) {
      const rank = (kept[i] as Hint).rank;
      if (rank > 0 && (drop < 0 || rank >= (kept[drop] as Hint).rank)) drop = i;
    }
    if (drop < 0) break;
    kept.splice(drop, 1);
  }
  const rest = join(kept);
  const room = width - 1 - displayWidth(rest);
  return fit(` ${room > 3 ? truncate(prefix, room) : ''}${rest}`, width);
}

/** The bottom line: the keys of what is on screen, the filter being typed, or the delete question. */
export function keyBarLine(state: UiState, width: number, theme: Theme): string {
  const o = state.overlay;
  if (o.kind === 'confirm-delete') return confirmDeleteText(state, o.key, width, theme);
  if (o.kind === 'filter') return fit(` /${state.filter}▏  enter keep · esc clear`, width);
  if ((o.kind === 'log' || o.kind === 'details') && o.typing)
    return fit(` /${o.filter}▏  enter keep · esc clear`, width);
  const filter = o.kind === 'log' || o.kind === 'details' ? o.filter : o.kind === 'none' ? state.filter : '';
  const prefix = filter ? `filter: ${filter}` : '';
  return theme.dim(fitHints(keyHints(state), width, prefix));
}
