const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Code units of the alphabet, so that a chunk of output is built with one fromCharCode call. */
const CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = '='.charCodeAt(0);
/** Output code units per fromCharCode call: well under any engine's argument limit. */
const CHUNK = 8192;

/**
 * Standard base64 (RFC 4648 §4, with `=` padding) of `bytes`. Hand-written because the
 * protocol runs in browsers too (architecture.md §1): no `Buffer`, and `btoa` needs a binary
 * string first, which would double the work for a body of several MiB.
 */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const units: number[] = [];
  const whole = bytes.length - (bytes.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    units.push(
      CODES[n >>> 18] as number,
      CODES[(n >>> 12) & 63] as number,
      CODES[(n >>> 6) & 63] as number,
      CODES[n & 63] as number,
    );
    if (units.length >= CHUNK) {
      parts.push(String.fromCharCode(...units));
      units.length = 0;
    }
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const a = bytes[whole] as number;
    const b = rest === 2 ? (bytes[whole + 1] as number) : 0;
    const n = (a << 16) | (b << 8);
    units.push(
      CODES[n >>> 18] as number,
      CODES[(n >>> 12) & 63] as number,
      rest === 2 ? (CODES[(n >>> 6) & 63] as number) : PAD,
      PAD,
    );
  }
  if (units.length > 0) parts.push(String.fromCharCode(...units));
  return parts.join('');
}
