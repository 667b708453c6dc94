/** Where frames go: the real terminal (only `write` is used). */
export interface TextSink {
  write(chunk: string): unknown;
}

export interface LineWriter {
  /** Writes the lines of `frame` that differ from the previous frame; nothing when identical. */
  write(frame: string): void;
  /** Forgets what is on screen: the next frame clears and repaints everything (resize). */
  invalidate(): void;
  /** Bytes written since the last call. */
  takeBytes(): number;
}

// Synchronized output (DEC 2026): terminals that know it show the frame at once, others ignore it.
const BEGIN_SYNC = '\u001b[?2026h';
const END_SYNC = '\u001b[?2026l';
/** A scroll costs about this many bytes (margins, cursor, delete/insert lines, reset). */
const SCROLL_COST = 24;

/** Lines `a..b` of the new frame are lines `a+shift..b+shift` of the old one. */
export interface Shift {
  a: number;
  b: number;
  shift: number;
}

/** Bytes a move of `run` saves: lines it need not write, less those it blanks and that were right. */
function saving(old: readonly string[], lines: readonly string[], { a, b, shift }: Shift): number {
  let saved = -SCROLL_COST;
  for (let i = a; i <= b; i++) if (lines[i] !== old[i]) saved += (lines[i] ?? '').length + 12;
  const k = Math.abs(shift);
  const [from, to] = shift > 0 ? [b + 1, b + k] : [a - k, a - 1];
  for (let i = from; i <= to; i++)
    if (lines[i] === old[i] && lines[i] !== '') saved -= (lines[i] ?? '').length + 12;
  return saved;
}

/**
 * The block move that saves the most bytes, if any: a run of consecutive new lines that
 * the old frame had `shift` lines further down (the list scrolled up) or further up.
 */
export function findShift(old: readonly string[], lines: readonly string[]): Shift | undefined {
  let best: Shift | undefined;
  let bestSaved = 0;
  const n = lines.length;
  for (let shift = -(n - 1); shift < n; shift++) {
    if (shift === 0) continue;
    let a = -1;
    for (let i = 0; i <= n; i++) {
      const j = i + shift;
      const match = i < n && j >= 0 && j < old.length && lines[i] === old[j];
      if (match) {
        if (a < 0) a = i;
        continue;
      }
      if (a >= 0) {
        const run = { a, b: i - 1, shift };
        const saved = saving(old, lines, run);
        if (saved > bestSaved) {
          bestSaved = saved;
          best = run;
        }
      }
      a = -1;
    }
  }
  return best;
}

/**
 * Moves lines on the terminal with a scroll region (DECSTBM) and delete/insert lines,
 * and returns the escape sequence; `screen` (what the terminal shows) is updated to match.
 */
function applyShift(screen: string[], { a, b, shift }: Shift): string {
  const k = Math.abs(shift);
  const top = shift > 0 ? a : a - k;
  const bottom = shift > 0 ? b + k : b;
  const moved = screen.slice(a + shift, b + shift + 1);
  for (let i = top; i <= bottom; i++) screen[i] = '';
  for (let i = a; i <= b; i++) screen[i] = moved[i - a] ?? '';
  // Deleting at the top of the region pulls the rest up; inserting pushes it down.
  return `\u001b[${top + 1};${bottom + 1}r\u001b[${top + 1};1H\u001b[${k}${shift > 0 ? 'M' : 'L'}\u001b[r`;
}

/**
 * The output stage: keeps the last frame's lines and writes only changed ones, each as
 * cursor-position + line + erase-to-end-of-line, in one write. When the table scrolled,
 * the lines still on screen are moved by the terminal instead of being written again.
 * Lines that the new frame no longer has are erased.
 */
export function createLineWriter(out: TextSink): LineWriter {
  let previous: string[] | undefined;
  let bytes = 0;
  return {
    write(frame) {
      const lines = frame.split('\n');
      let chunk = previous === undefined ? '\u001b[H\u001b[2J' : '';
      // The last frame's lines, moved in place by a scroll; replaced by `lines` below.
      const screen = previous ?? [];
      let changed = 0;
      for (let i = 0; i < lines.length; i++) if (lines[i] !== screen[i]) changed++;
      if (changed > 2 && previous !== undefined) {
        const shift = findShift(screen, lines);
        if (shift) chunk += applyShift(screen, shift);
      }
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
        if (screen[i] !== line || previous === undefined)
          chunk += `\u001b[${i + 1};1H${line}\u001b[0m\u001b[K`;
      }
      for (let i = lines.length; i < screen.length; i++)
        if (screen[i] !== '') chunk += `\u001b[${i + 1};1H\u001b[K`;
      previous = lines;
      if (chunk === '') return;
      const data = BEGIN_SYNC + chunk + END_SYNC;
      bytes += Buffer.byteLength(data);
      out.write(data);
    },
    invalidate() {
      previous = undefined;
    },
    takeBytes() {
      const b = bytes;
      bytes = 0;
      return b;
    },
  };
}
