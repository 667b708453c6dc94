import * as I from '../state/inspector.js';
import type { InspectorOverlay } from '../state/inspector.js';
import type { KeyPress, KeyResult } from './keymap.js';

const act = (...actions: KeyResult['actions']): KeyResult => ({ actions });

/**
 * The inspector's keys (issue 9, Deliver §4), as less and mitmproxy have them: j/k and the
 * arrows a line, PgUp/PgDn (b/space) a page, g/G the ends, ←/→ sideways, tab the next tab,
 * esc or q back to the details, ? its help (which any key closes).
 */
export function inspectorKeys(o: InspectorOverlay, input: string, key: KeyPress): KeyResult {
  if (o.help) return act(I.inspectorHelp());
  if (key.escape || input === 'q' || key.backspace) return act(I.inspectorClose());
  if (key.tab) return act(I.inspectorTab(key.shift ? -1 : 1));
  if (key.upArrow || input === 'k') return act(I.inspectorMove('up'));
  if (key.downArrow || input === 'j') return act(I.inspectorMove('down'));
  if (key.pageUp || input === 'b') return act(I.inspectorMove('page-up'));
  if (key.pageDown || input === ' ') return act(I.inspectorMove('page-down'));
  if (key.home || input === 'g') return act(I.inspectorMove('top'));
  if (key.end || input === 'G') return act(I.inspectorMove('bottom'));
  if (key.leftArrow || input === 'h') return act(I.inspectorSideways(-1));
  if (key.rightArrow || input === 'l') return act(I.inspectorSideways(1));
  if (input === '?') return act(I.inspectorHelp());
  return act();
}
