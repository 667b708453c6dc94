/**
 * JSON pretty-printing for the inspector without parsing into values: one pass over the
 * tokens with an explicit stack, so nesting costs no call stack (a body nested 100 000 levels
 * deep is refused at `maxDepth`, not overflowed), numbers keep their digits and objects
 * their key order and duplicate keys, as recorded.
 */
import { sanitize } from './sanitize.js';
import { span, type Span, type StyledLine } from './styled-line.js';

/** Characters sanitize() removes or replaces; a body without any is printed as it is. */
const NEEDS_SANITIZE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** Nesting beyond which a body is shown as text: indenting it would only show spaces. */
export const MAX_JSON_DEPTH = 256;

export interface PrettyOptions {
  /** @default MAX_JSON_DEPTH */
  maxDepth?: number;
}

export type PrettyResult =
  | { ok: true; lines: string[] }
  /**
   * `incomplete`: the text ends inside a value (a body cut by `max_bytes`); `lines` holds
   * what was printed up to there. `invalid`: not JSON at UTF-16 offset `at`. `too-deep`:
   * nested deeper than `maxDepth`.
   */
  | { ok: false; reason: 'incomplete' | 'invalid' | 'too-deep'; at: number; lines: string[] };

const INDENT = '  ';
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'] as const;

class Failure {
  constructor(
    readonly reason: 'incomplete' | 'invalid' | 'too-deep',
    readonly at: number,
  ) {}
}

/**
 * 2-space indented JSON, one string per line, sanitised (string tokens only hold what
 * sanitize() leaves). Lines are plain strings, not spans: a 1 MB body makes 100 000s of
 * lines, and only those on screen get their colours ({@link jsonLineSpans}).
 */
export function prettyJson(text: string, options: PrettyOptions = {}): PrettyResult {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const n = text.length;
  const clean = NEEDS_SANITIZE.test(text) ? sanitize : (t: string): string => t;
  const lines: string[] = [];
  const indents: string[] = [''];
  const indent = (d: number): string => (indents[d] ??= INDENT.repeat(d));
  let cur = '';
  const push = (s: string): void => {
    cur += s;
  };
  const newline = (depth: number): void => {
    lines.push(cur);
    cur = indent(depth);
  };
  /** Open containers: true for an object. */
  const stack: boolean[] = [];
  let i = 0;

  const skipSpace = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      i++;
    }
  };
  const need = (): number => {
    skipSpace();
    if (i >= n) throw new Failure('incomplete', i);
    return text.charCodeAt(i);
  };
  /** A string token starting at `i` (on its quote), as written: escapes stay visible. */
  const stringToken = (): string => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return text.slice(start, i);
      }
      if (c < 0x20) throw new Failure('invalid', i);
      if (c === 0x5c) {
        if (i + 1 >= n) break;
        const e = text.charCodeAt(i + 1);
        if (e === 0x75) {
          if (i + 6 > n) break;
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Failure('invalid', i);
          i += 6;
          continue;
        }
        if ('"\\/bfnrt'.indexOf(String.fromCharCode(e)) < 0) throw new Failure('invalid', i);
        i += 2;
        continue;
      }
      i++;
    }
    throw new Failure('incomplete', start);
  };
  /** A value starting at `i`; containers open and return true. */
  const value = (): boolean => {
    const c = need();
    if (c === 0x7b || c === 0x5b) {
      const object = c === 0x7b;
      i++;
      push(object ? '{' : '[');
      const close = object ? 0x7d : 0x5d;
      if (need() === close) {
        i++;
        push(object ? '}' : ']');
        return false;
      }
      if (stack.length >= maxDepth) throw new Failure('too-deep', i);
      stack.push(object);
      newline(stack.length);
      return true;
    }
    if (c === 0x22) {
      push(clean(stringToken()));
      return false;
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m !== null && m[0] !== '-') {
      i += m[0].length;
      // A number cut by the end of the text may be longer than it looks.
      if (i >= n && stack.length > 0) throw new Failure('incomplete', i);
      push(m[0]);
      return false;
    }
    for (const word of LITERALS) {
      if (text.startsWith(word, i)) {
        i += word.length;
        push(word);
        return false;
      }
      if (word.startsWith(text.slice(i, i + word.length)) && i + word.length > n)
        throw new Failure('incomplete', i);
    }
    throw new Failure('invalid', i);
  };
  /** An object's key and its colon. */
  const key = (): void => {
    if (need() !== 0x22) throw new Failure('invalid', i);
    push(clean(stringToken()));
    if (need() !== 0x3a) throw new Failure('invalid', i);
    i++;
    push(': ');
  };

  try {
    /** The last value opened a container: its first member or element comes next. */
    let opened = value();
    for (;;) {
      if (opened) {
        if (stack[stack.length - 1]) key();
        opened = value();
        continue;
      }
      if (stack.length === 0) {
        skipSpace();
        if (i < n) throw new Failure('invalid', i);
        lines.push(cur);
        return { ok: true, lines };
      }
      // After a member or element: a comma or the close of the innermost container.
      const c = need();
      const object = stack[stack.length - 1] as boolean;
      if (c === 0x2c) {
        i++;
        push(',');
        newline(stack.length);
        if (object) key();
        opened = value();
      } else if (c === (object ? 0x7d : 0x5d)) {
        i++;
        stack.pop();
        newline(stack.length);
        push(object ? '}' : ']');
      } else throw new Failure('invalid', i);
    }
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    if (cur.trim() !== '') lines.push(cur);
    return { ok: false, reason: e.reason, at: e.at, lines };
  }
}

// Strings as an unrolled loop: a value 256 KiB long costs no backtracking.
const TOKEN = /("[^"\\]*(?:\\.[^"\\]*)*")(: )?|(-?\d[\d.eE+-]*)|(true|false|null)|([^"\d\-tfn]+|.)/g;

/** The colours of one line {@link prettyJson} printed: keys, strings, numbers, literals. */
export function jsonLineSpans(line: string): StyledLine {
  const out: Span[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(line); m !== null; m = TOKEN.exec(line)) {
    const [, str, colon, num, lit, other] = m;
    if (str !== undefined) {
      if (colon !== undefined) out.push(span(str, 'key'), span(colon));
      else out.push(span(str, 'string'));
    } else if (num !== undefined) out.push(span(num, 'number'));
    else if (lit !== undefined) out.push(span(lit, 'literal'));
    else out.push(span(other ?? ''));
  }
  return out;
}
