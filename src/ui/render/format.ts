/** Display helpers: relative times, and widths and truncation as the terminal counts columns. */
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `just now`, `2m ago`, `3h ago`, `9d ago`, `4mo ago`, `2y ago`; `—` when unknown. */
export function relativeTime(iso: string | null, now: number): string {
  if (iso === null) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const d = now - t;
  if (d < MINUTE) return 'just now';
  if (d < HOUR) return `${Math.floor(d / MINUTE)}m ago`;
  if (d < DAY) return `${Math.floor(d / HOUR)}h ago`;
  if (d < 30 * DAY) return `${Math.floor(d / DAY)}d ago`;
  if (d < 365 * DAY) return `${Math.floor(d / (30 * DAY))}mo ago`;
  return `${Math.floor(d / (365 * DAY))}y ago`;
}

/** `1 cassette`, `2 cassettes`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `HH:MM:SS`, local time: when a log entry happened. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * Columns `text` takes on a terminal: grapheme clusters measured by string-width (an emoji
 * sequence with ZWJ, a skin tone or a flag is one wide cluster, CJK is wide, combining
 * marks take none). SGR colour sequences (ours) count zero.
 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/**
 * Cuts `text` (plain, or carrying our SGR colour sequences) to at most `width` columns,
 * ending with `…` when it was cut; never splits a grapheme cluster and keeps styles closed.
 */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  let out = cliTruncate(text, width);
  // slice-ansi keeps a wide cluster that starts before the cut and ends after it: cut earlier.
  for (let room = width - 1; room > 0 && stringWidth(out) > width; room--) out = cliTruncate(text, room);
  return out;
}

/** `text` truncated then padded with spaces to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const t = truncate(text, width);
  const pad = ' '.repeat(Math.max(0, width - stringWidth(t)));
  return align === 'left' ? t + pad : pad + t;
}

/**
 * Characters whose width terminals disagree on (emoji sequences and modifiers, variation
 * selectors, combining marks and Indic vowel signs, flags, conjoining jamo): tmux 3.3, for
 * one, counts a skin-toned emoji four columns and `नमस्ते` four where string-width says two
 * and three.
 */
const DISPUTED_WIDTH =
  /\p{M}|\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Variation_Selector}|\p{Join_Control}|[\u1100-\u11ff\u200b\u200e\u200f\u2060-\u2064]/u;

/** True when every terminal gives `text` the width {@link displayWidth} says. */
export function widthIsCertain(text: string): boolean {
  return !DISPUTED_WIDTH.test(text);
}

/**
 * What follows a cell whose width the terminal may see otherwise than we do: erase from
 * wherever the terminal's cursor is (past the cell, or short of it) and move it to
 * `column` (0-based), where the next cell starts. The next columns then line up whatever
 * width the terminal gave the cell. Empty when the width is certain.
 */
export function realign(cell: string, column: number): string {
  return widthIsCertain(cell) ? '' : `\u001b[K\u001b[${column + 1}G`;
}
