import { span, type StyledLine } from './styled-line.js';

/** Bytes per line of a hex dump, as `hexdump -C` and `xxd` show them. */
export const HEX_BYTES_PER_LINE = 16;

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** Printable ASCII as itself, anything else as `.`: no byte reaches the terminal raw. */
const ASCII = Array.from({ length: 256 }, (_, b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'));

/**
 * `hexdump -C` lines: `00000000  7b 22 61 62 63 64 65 66  67 68 69 6a 6b 6c 6d 6e  |{"abcdefghijklmn|`,
 * offsets dimmed; the last line is padded so its text column lines up. 78 columns wide.
 */
export function hexDump(bytes: Uint8Array, start = 0): StyledLine[] {
  const lines: StyledLine[] = [];
  for (let at = 0; at < bytes.length; at += HEX_BYTES_PER_LINE) {
    let hex = '';
    let text = '';
    for (let k = 0; k < HEX_BYTES_PER_LINE; k++) {
      const b = bytes[at + k];
      if (k === 8) hex += ' ';
      hex += b === undefined ? '   ' : `${HEX[b]} `;
      if (b !== undefined) text += ASCII[b];
    }
    lines.push([
      span((start + at).toString(16).padStart(8, '0'), 'dim'),
      span(`  ${hex} `),
      span(`|${text}|`, 'info'),
    ]);
  }
  return lines;
}

/** The bytes of standard base64 (protocol.md §2.4: binary bodies travel so). */
export function fromBase64(data: string): Uint8Array {
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
