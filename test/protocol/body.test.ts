import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BODY_BYTES,
  answerAllowance,
  contentTypeOf,
  decodeBytes,
  decodeText,
  finishBody,
  perBody,
  unknownBytes,
  type Body,
} from '../../src/protocol/index.js';
import { toBase64 } from '../../src/protocol/base64.js';
import { utf8Length, utf8Prefix } from '../../src/protocol/utf8.js';

const bytesOf = (s: string): number[] => [...Buffer.from(s, 'utf8')];
/** A body as an answer carries it: decoded as the answer decodes it, then cut to `max`. */
const wire = (bytes: number[], max = DEFAULT_BODY_BYTES, type: string | null = null): Body =>
  finishBody(decodeBytes(bytes, type, answerAllowance(max)), max);

describe('bodies (protocol.md §2.4)', () => {
  it('decodes valid UTF-8 as text, with its size in bytes', () => {
    expect(wire(bytesOf('{"name":"café ☕ 𝄞"}'), DEFAULT_BODY_BYTES, 'application/json')).toEqual({
      size_bytes: 25,
      encoding: 'utf8',
      text: '{"name":"café ☕ 𝄞"}',
      truncated: false,
      content_type: 'application/json',
    });
    expect(wire([])).toEqual({
      size_bytes: 0,
      encoding: 'utf8',
      text: '',
      truncated: false,
      content_type: null,
    });
  });

  it('keeps a byte order mark and control characters as data', () => {
    expect(wire([0xef, 0xbb, 0xbf, 0x41, 0x1b, 0x00])).toMatchObject({ text: '\uFEFFA\u001b\u0000' });
  });

  it('sends bytes that are not UTF-8 as base64: invalid sequences, overlongs, lone surrogates, truncated characters', () => {
    for (const bytes of [
      [0xff, 0xfe, 0x00],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0x41, 0xe2, 0x82],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d],
    ]) {
      expect(wire(bytes), JSON.stringify(bytes)).toEqual({
        size_bytes: bytes.length,
        encoding: 'base64',
        data: Buffer.from(bytes).toString('base64'),
        truncated: false,
        content_type: null,
      });
    }
  });

  it('cuts text to max_bytes without splitting a character, and says so', () => {
    // "a" (1) + "é" (2) + "𝄞" (4): a cut at 4 bytes keeps "aé", not half of the clef.
    expect(wire(bytesOf('aé𝄞z'), 4)).toEqual({
      size_bytes: 8,
      encoding: 'utf8',
      text: 'aé',
      truncated: true,
      content_type: null,
    });
    expect(wire(bytesOf('aé𝄞z'), 0)).toMatchObject({ text: '', truncated: true });
    expect(wire(bytesOf('aé𝄞z'), 8)).toMatchObject({ text: 'aé𝄞z', truncated: false });
  });

  it('cuts binary bodies to their first max_bytes bytes', () => {
    const bytes = Array.from({ length: 300 }, (_, i) => (i * 7 + 128) % 256);
    expect(wire(bytes, 5)).toEqual({
      size_bytes: 300,
      encoding: 'base64',
      data: Buffer.from(bytes.slice(0, 5)).toString('base64'),
      truncated: true,
      content_type: null,
    });
  });

  it('decodes large ASCII bodies in pieces, whole', () => {
    const text = 'x'.repeat(100_000) + 'END';
    expect(wire(bytesOf(text), 200_000)).toMatchObject({ size_bytes: 100_003, text, truncated: false });
  });

  it('finds content-type whatever the case of the header name', () => {
    expect(contentTypeOf({ 'Content-Type': 'text/html' })).toBe('text/html');
    expect(contentTypeOf({ 'CONTENT-TYPE': 'a/b', accept: 'x' })).toBe('a/b');
    expect(contentTypeOf({ accept: 'application/json' })).toBeNull();
  });

  it('sizes text given as a string in UTF-8 bytes (upstream bodies)', () => {
    expect(finishBody(decodeText('é☕', 'text/plain', perBody(10)), 10)).toEqual({
      size_bytes: 5,
      encoding: 'utf8',
      text: 'é☕',
      truncated: false,
      content_type: 'text/plain',
    });
  });

  it('knows the size but not the bytes of upstream binary messages', () => {
    expect(finishBody(unknownBytes(4), 100)).toEqual({
      size_bytes: 4,
      encoding: 'base64',
      data: '',
      truncated: true,
      content_type: null,
    });
    expect(finishBody(unknownBytes(0), 100)).toMatchObject({ truncated: false });
  });

  it('lets a shared allowance stop decoding: what it skips is marked cut', () => {
    let left = 6;
    let cut = false;
    const budget = {
      allow: () => left,
      spent: (n: number, c: boolean) => {
        left -= n;
        cut ||= c;
      },
    };
    expect(decodeBytes(bytesOf('abcd'), null, budget)).toMatchObject({ text: 'abcd', cut: false });
    expect(decodeBytes(bytesOf('efgh'), null, budget)).toMatchObject({ text: 'ef', cut: true });
    expect(decodeBytes(bytesOf('ijkl'), null, budget)).toMatchObject({ size_bytes: 4, cut: true });
    expect(cut).toBe(true);
  });
});

describe('base64 and UTF-8 lengths without Buffer (the protocol runs in browsers)', () => {
  it('encodes like Buffer for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), (bytes) => {
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
      { numRuns: 200 },
    );
  });

  it('counts and cuts UTF-8 like TextEncoder, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.nat(900), (s, max) => {
        const encoded = new TextEncoder().encode(s);
        expect(utf8Length(s)).toBe(encoded.length);
        const prefix = utf8Prefix(s, max);
        expect(s.startsWith(prefix)).toBe(true);
        expect(utf8Length(prefix)).toBeLessThanOrEqual(max);
        // The longest such prefix: one more character would not fit.
        if (prefix.length < s.length) {
          const next = s.codePointAt(prefix.length) ?? 0;
          expect(utf8Length(prefix + String.fromCodePoint(next))).toBeGreaterThan(max);
        }
      }),
      { numRuns: 200 },
    );
  });
});
