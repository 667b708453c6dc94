/**
 * Orders strings by Unicode code point (not UTF-16 code unit, which puts U+E000..U+FFFF
 * after astral characters). Names are unique, so this total order is also stable.
 */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return shift(x) - shift(y);
  }
  return a.length - b.length;
}

// Surrogates (astral code points) move above the rest of the BMP.
function shift(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return c + 0x2000;
  if (c >= 0xe000) return c - 0x800;
  return c;
}
