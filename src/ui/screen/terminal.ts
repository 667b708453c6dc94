/** Escape sequences for taking over and giving back the terminal. */
export const ENTER_ALT_SCREEN = '\u001b[?1049h';
export const LEAVE_ALT_SCREEN = '\u001b[?1049l';
export const HIDE_CURSOR = '\u001b[?25l';
export const SHOW_CURSOR = '\u001b[?25h';
export const RESET_STYLE = '\u001b[0m';
/**
 * DECAWM off: a line the terminal finds wider than we measured (a character whose width it
 * counts otherwise) is clipped at the right edge instead of wrapping onto the next line,
 * which the line writer would not know to repaint.
 */
export const AUTOWRAP_OFF = '\u001b[?7l';
export const AUTOWRAP_ON = '\u001b[?7h';

/** What starts the TUI: alternate screen, cursor hidden, no autowrap, home, cleared. */
export const ENTER_SEQUENCE = `${ENTER_ALT_SCREEN}${HIDE_CURSOR}${AUTOWRAP_OFF}\u001b[H\u001b[2J`;
/** What every exit path writes: the reverse, cursor shown. */
export const LEAVE_SEQUENCE = `${RESET_STYLE}${AUTOWRAP_ON}${LEAVE_ALT_SCREEN}${SHOW_CURSOR}`;
/**
 * What Ctrl-L writes before the whole screen: whatever line noise or another program left
 * (colours, a scroll region, a shown cursor, autowrap), set back to what the UI expects.
 */
export const REPAINT_SEQUENCE = `${RESET_STYLE}\u001b[r${HIDE_CURSOR}${AUTOWRAP_OFF}`;
