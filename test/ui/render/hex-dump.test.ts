import { describe, expect, it } from 'vitest';
import { fromBase64, hexDump } from '../../../src/ui/render/hex-dump.js';

const text = (bytes: number[], start?: number): string[] =>
  hexDump(Uint8Array.from(bytes), start).map((l) => l.map((s) => s.text).join(''));

describe('hexDump', () => {
  it('shows 16 bytes a line as hexdump -C does: offset, two groups of eight, the text', () => {
    const bytes = [...'{"a":1,"bcdefgh'].map((c) => c.charCodeAt(0)).concat(0x7d);
    expect(text(bytes)).toEqual([
      '00000000  7b 22 61 22 3a 31 2c 22  62 63 64 65 66 67 68 7d  |{"a":1,"bcdefgh}|',
    ]);
  });

  it('counts offsets in hex and pads a partial last line so its text lines up', () => {
    const lines = text(Array.from({ length: 35 }, (_, i) => 0x41 + (i % 26)));
    expect(lines).toEqual([
      '00000000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  |ABCDEFGHIJKLMNOP|',
      '00000010  51 52 53 54 55 56 57 58  59 5a 41 42 43 44 45 46  |QRSTUVWXYZABCDEF|',
      '00000020  47 48 49                                          |GHI|',
    ]);
    expect(new Set(lines.map((l) => l.indexOf('|')))).toEqual(new Set([60]));
  });

  it('shows control characters, DEL, bytes above 0x7f and escape sequences as dots', () => {
    expect(text([0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x07, 0x7f, 0x80, 0x9b, 0xff, 0x20])).toEqual([
      '00000000  1b 5b 32 4a 00 07 7f 80  9b ff 20                 |.[2J...... |',
    ]);
  });

  it('starts offsets where asked, styles offsets dim and the text column apart', () => {
    const [line] = hexDump(Uint8Array.from([1]), 0x100);
    expect(line?.map((s) => s.style)).toEqual(['dim', 'plain', 'info']);
    expect(line?.[0]?.text).toBe('00000100');
  });

  it('has no line for no bytes', () => {
    expect(hexDump(new Uint8Array(0))).toEqual([]);
  });
});

describe('fromBase64', () => {
  it('decodes standard base64 with padding', () => {
    expect([...fromBase64('iVBORw0KGgo=')]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
