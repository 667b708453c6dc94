import stringWidth from 'string-width';

/** A line of `⋮` alone: as many blank lines as it takes to make the screen `height` lines tall. */
const FILL = '⋮';

export interface FrameSize {
  /** Columns every line of the expectation spans between its bars (the screen's width). */
  width: number;
  /** Lines of the screen; required when the expectation has a `⋮` line. */
  height?: number;
}

/**
 * A whole screen written so that it reads like the terminal: one line per screen line,
 * between two bars (`| magneto-watch  ● Live … |`), every line exactly `width` columns wide
 * so that the bars line up and a column that moves by one shows. Returns the lines as the
 * session composes them (trailing blanks trimmed), for `expect(ui.lines()).toEqual(…)`.
 * Indentation before the first bar is ignored; a line `⋮` stands for blank lines up to
 * `height`. A line of the wrong width throws: the expectation itself is miswritten.
 */
export function frame(size: FrameSize, text: string): string[] {
  const rows = text.split('\n').map((l) => l.trim());
  while (rows[0] === '') rows.shift();
  while (rows.at(-1) === '') rows.pop();
  const lines: string[] = [];
  let fillAt = -1;
  for (const row of rows) {
    if (row === FILL) {
      if (fillAt >= 0) throw new Error('frame: only one ⋮ line');
      fillAt = lines.length;
      continue;
    }
    if (!row.startsWith('|') || !row.endsWith('|') || row.length < 2)
      throw new Error(`frame: a line must be |…| or ⋮, got ${JSON.stringify(row)}`);
    const inner = row.slice(1, -1);
    const w = stringWidth(inner);
    if (w !== size.width)
      throw new Error(`frame: ${w} columns instead of ${size.width} in ${JSON.stringify(row)}`);
    lines.push(inner.trimEnd());
  }
  if (fillAt >= 0) {
    if (size.height === undefined) throw new Error('frame: ⋮ needs a height');
    const blanks = size.height - lines.length;
    if (blanks < 0) throw new Error(`frame: ${lines.length} lines, more than ${size.height}`);
    lines.splice(fillAt, 0, ...Array.from({ length: blanks }, () => ''));
  }
  return lines;
}

/** One screen line between bars, `width` columns wide (see {@link frame}), trailing blanks trimmed. */
export function line(width: number, text: string): string {
  const [only] = frame({ width }, text);
  return only ?? '';
}

/** The text between the bars of one line, `width` columns, blanks kept: a styled line wraps it whole. */
export function cells(width: number, text: string): string {
  line(width, text); // checks the bars and the width
  return text.trim().slice(1, -1);
}

/**
 * `lines` written the way {@link frame} reads them, blank runs folded into `⋮`: paste it into
 * a test after checking it by eye (never paste a frame you have not read).
 */
export function frameSource(lines: readonly string[], width: number): string {
  const out: string[] = [];
  let folded = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const blankRun = l === '' && (lines[i + 1] ?? 'x') === '' && !folded;
    if (blankRun) {
      out.push(FILL);
      folded = true;
      while ((lines[i + 1] ?? 'x') === '') i++;
      continue;
    }
    out.push(`|${l}${' '.repeat(Math.max(0, width - stringWidth(l)))}|`);
  }
  return out.join('\n');
}
