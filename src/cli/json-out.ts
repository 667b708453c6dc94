/**
 * JSON for a terminal or a pipe. JSON.stringify escapes C0 controls (ESC included) but
 * leaves DEL, the C1 controls (U+0080–U+009F: U+009B is a CSI to some terminals), the bidi
 * overrides and the line separators raw: they are escaped too, so the same data reads back
 * and nothing a server sent can act on the terminal (architecture.md §4).
 */
const UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    UNSAFE,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}
