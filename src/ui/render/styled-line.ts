/**
 * Lines of the inspector as theme-free spans: built once per interaction and tab (cached by
 * render/inspector-doc.ts), styled and cut to the window only for the lines on screen.
 */
import stringWidth from 'string-width';
import type { Theme } from './theme.js';

/** What a span means; the theme decides how it looks (render/theme.ts). */
export type SpanStyle =
  | 'plain'
  | 'dim'
  | 'bold'
  | 'key'
  | 'string'
  | 'number'
  | 'literal'
  | 'secret'
  | 'warn'
  | 'error'
  | 'ok'
  | 'info';

/** A run of already sanitised text in one style. */
export interface Span {
  text: string;
  style: SpanStyle;
}

export type StyledLine = readonly Span[];

export const span = (text: string, style: SpanStyle = 'plain'): Span => ({ text, style });

/** `style` applied by `theme`; plain stays as is. */
export function paint(text: string, style: SpanStyle, theme: Theme): string {
  switch (style) {
    case 'plain':
      return text;
    case 'dim':
      return theme.dim(text);
    case 'bold':
      return theme.bold(text);
    case 'key':
      return theme.cyan(text);
    case 'string':
      return theme.green(text);
    case 'number':
      return theme.yellow(text);
    case 'literal':
      return theme.bold(theme.yellow(text));
    case 'secret':
      // Inverse still marks it without colour (NO_COLOR).
      return theme.inverse(theme.red(text));
    case 'warn':
      return theme.yellow(text);
    case 'error':
      return theme.red(text);
    case 'ok':
      return theme.green(text);
    case 'info':
      return theme.cyan(text);
  }
}

const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
const segmenter = new Intl.Segmenter();

/** Columns of `text`: its length when it is printable ASCII, else string-width's count. */
export function textWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

/** Columns of a whole line. */
export function lineWidth(line: StyledLine): number {
  let w = 0;
  for (const s of line) w += textWidth(s.text);
  return w;
}

/** Marks at the edges of a line cut by the window (docs: the inspector's sideways scroll). */
export const CUT_RIGHT = '→';
export const CUT_LEFT = '←';

/**
 * The columns `[left, left + width)` of `line`, styled: a line that goes on past the
 * window ends with `→` in its last column, one that starts before it (`left > 0` and
 * something was skipped) begins with `←`. Never splits a grapheme cluster: a wide one that
 * straddles an edge becomes a space. At most `width` columns.
 */
export function sliceLine(line: StyledLine, left: number, width: number, theme: Theme): string {
  if (width <= 0) return '';
  const total = lineWidth(line);
  const cutLeft = left > 0 && total > 0;
  const cutRight = total - left > width;
  const from = left + (cutLeft ? 1 : 0);
  const to = left + width - (cutRight ? 1 : 0);
  let out = cutLeft ? theme.dim(CUT_LEFT) : '';
  let col = 0;
  for (const s of line) {
    if (col >= to) break;
    const w = textWidth(s.text);
    const end = col + w;
    if (end <= from) {
      col = end;
      continue;
    }
    let piece: string;
    if (col >= from && end <= to) piece = s.text;
    else piece = cutColumns(s.text, col, from, to);
    if (piece !== '') out += paint(piece, s.style, theme);
    col = end;
  }
  if (cutRight) {
    const shown = Math.max(0, Math.min(total, to) - from);
    const pad = to - from - shown;
    out += ' '.repeat(Math.max(0, pad)) + theme.dim(CUT_RIGHT);
  }
  return out;
}

/** The part of `text` (starting at column `start`) that lies in `[from, to)`. */
function cutColumns(text: string, start: number, from: number, to: number): string {
  if (PRINTABLE_ASCII.test(text)) return text.slice(Math.max(0, from - start), Math.max(0, to - start));
  let out = '';
  let col = start;
  for (const { segment } of segmenter.segment(text)) {
    if (col >= to) break;
    const w = stringWidth(segment);
    if (col >= from && col + w <= to) out += segment;
    else if (col + w > from && w > 0) out += ' '.repeat(Math.min(col + w, to) - Math.max(col, from));
    col += w;
  }
  return out;
}
