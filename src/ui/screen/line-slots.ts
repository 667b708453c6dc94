/**
 * Pre-rendered lines travel through Ink as short markers: Ink lays out and serialises
 * only the marker (a private-use character and the line's number on the screen), and
 * {@link composeScreen} puts the line back into Ink's frame. Ink's output stage parses
 * every styled character of what it writes (~10 ms a frame at 120×30); a marker costs it
 * nothing. Since a frame's markers depend only on how many lines each block has, Ink
 * needs to lay out a screen again only when that shape changes (see session.tsx).
 */

/**
 * Columns Ink is told the terminal has: it only lays out markers (`\uE000` and an index),
 * and its output stage allocates and serialises one cell per column of every line.
 */
export const LAYOUT_COLUMNS = 8;

/** U+E000, first private-use code point: never produced by sanitised text or by the UI. */
const MARK = '\uE000';
const MARKER = /\uE000(\d+)/;

/** What Ink writes in place of the screen's line number `n`. */
export function lineMarker(n: number): string {
  return `${MARK}${n}`;
}

/**
 * Ink's frame with each marker replaced by its line of `lines`, trailing blanks trimmed
 * as Ink does. A marker must end its terminal line (nothing is laid out to its right).
 */
export function composeScreen(inkFrame: string, lines: readonly string[]): string {
  if (!inkFrame.includes(MARK)) return inkFrame;
  const out = inkFrame.split('\n');
  for (let i = 0; i < out.length; i++) {
    const text = out[i] ?? '';
    const m = MARKER.exec(text);
    if (!m) continue;
    out[i] = (text.slice(0, m.index) + (lines[Number(m[1])] ?? '')).trimEnd();
  }
  return out.join('\n');
}
