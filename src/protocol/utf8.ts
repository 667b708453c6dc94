/*
 * UTF-8 lengths of JavaScript strings, without encoding them: a body's `size_bytes` and
 * `max_bytes` count bytes, while strings count UTF-16 code units. Lone surrogates count as
 * U+FFFD (3 bytes), as `TextEncoder` would encode them.
 */

/** Bytes of the character starting at `i`: 1–3, or 4 for a surrogate pair (which spans 2 units). */
function bytesAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 4;
  }
  return 3;
}

/** Length of `s` in UTF-8 bytes. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const b = bytesAt(s, i);
    n += b;
    if (b === 4) i++;
  }
  return n;
}

/**
 * The longest prefix of `s` whose UTF-8 encoding is at most `maxBytes` bytes, never splitting
 * a character (a surrogate pair stays whole). Reads only as far as the cut.
 */
export function utf8Prefix(s: string, maxBytes: number): string {
  // A code unit is at most 3 bytes (a pair is 4 bytes for 2 units): nothing to cut.
  if (s.length * 3 <= maxBytes) return s;
  let n = 0;
  let i = 0;
  while (i < s.length) {
    const b = bytesAt(s, i);
    if (n + b > maxBytes) break;
    n += b;
    i += b === 4 ? 2 : 1;
  }
  return i === s.length ? s : s.slice(0, i);
}
