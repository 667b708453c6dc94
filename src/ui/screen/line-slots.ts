/**
 * Pre-rendered lines travel through Ink as short markers: Ink lays out and serialises
 * only the marker (a private-use character and a number), and {@link LineSlots.compose}
 * puts the stored line back into Ink's frame. Ink's output stage parses every styled
 * character of what it writes (~10 ms a frame at 120×30); a marker costs it nothing.
 */
export interface LineSlots {
  /** Forgets the previous frame's lines; the session calls it before each render. */
  begin(): void;
  /** Stores `line` for this frame and returns what Ink writes in its place. */
  put(line: string): string;
  /**
   * Ink's frame with each marker replaced by its line, trailing blanks trimmed as Ink
   * does. A marker must end its terminal line (nothing is laid out to its right).
   */
  compose(frame: string): string;
}

/**
 * Columns Ink is told the terminal has: it only lays out markers (`\uE000` and an index),
 * and its output stage allocates and serialises one cell per column of every line.
 */
export const LAYOUT_COLUMNS = 8;

/** U+E000, first private-use code point: never produced by sanitised text or by the UI. */
const MARK = '\uE000';
const MARKER = /\uE000(\d+)/;

/** @see LineSlots */
export function createLineSlots(): LineSlots {
  let lines: string[] = [];
  return {
    begin() {
      lines = [];
    },
    put(line) {
      if (line === '') return '';
      lines.push(line);
      return `${MARK}${lines.length - 1}`;
    },
    compose(frame) {
      if (!frame.includes(MARK)) return frame;
      const out = frame.split('\n');
      for (let i = 0; i < out.length; i++) {
        const text = out[i] ?? '';
        const m = MARKER.exec(text);
        if (!m) continue;
        const line = lines[Number(m[1])] ?? '';
        out[i] = (text.slice(0, m.index) + line).trimEnd();
      }
      return out.join('\n');
    },
  };
}
