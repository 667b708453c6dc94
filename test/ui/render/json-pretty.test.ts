import { describe, expect, it } from 'vitest';
import { jsonLineSpans, MAX_JSON_DEPTH, prettyJson } from '../../../src/ui/render/json-pretty.js';

const pretty = (text: string): string[] => {
  const r = prettyJson(text);
  if (!r.ok) throw new Error(`not printed: ${r.reason} at ${r.at}`);
  return r.lines;
};

describe('prettyJson', () => {
  it('indents objects and arrays by two spaces, as JSON.stringify(v, null, 2) does', () => {
    const text = '{"a":1,"b":[true,{"c":null,"d":"x"}],"e":{},"f":[],"g":-2.5}';
    expect(pretty(text)).toEqual(JSON.stringify(JSON.parse(text), null, 2).split('\n'));
  });

  it('keeps numbers as written, key order and duplicate keys (it does not parse into values)', () => {
    expect(pretty('{"big":12345678901234567890123,"k":1,"k":2.50}')).toEqual([
      '{',
      '  "big": 12345678901234567890123,',
      '  "k": 1,',
      '  "k": 2.50',
      '}',
    ]);
  });

  it('prints a scalar document and tolerates whitespace around tokens', () => {
    expect(pretty('  "solo"  ')).toEqual(['"solo"']);
    expect(pretty('[ 1 ,\n\t2 ]')).toEqual(['[', '  1,', '  2', ']']);
  });

  it('keeps unicode and escapes as written: é, 日本, 🚀 and \\u00e9 alike', () => {
    expect(pretty('{"név":"日本 🚀","esc":"\\u00e9\\n"}')).toEqual([
      '{',
      '  "név": "日本 🚀",',
      '  "esc": "\\u00e9\\n"',
      '}',
    ]);
  });

  it('strips bidi overrides and C1 controls from strings, so they stay inert on the terminal', () => {
    expect(pretty('["a\u202eb\u009b31mc"]')).toEqual(['[', '  "abc"', ']']);
  });

  it('prints a 200 000-character string on one line, whole', () => {
    const long = 'x'.repeat(200_000);
    expect(pretty(JSON.stringify({ long }))).toEqual(['{', `  "long": "${long}"`, '}']);
  });

  it('refuses JSON nested 100 000 levels deep without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const r = prettyJson(deep);
    expect(r.ok).toBe(false);
    expect(r.ok ? undefined : r.reason).toBe('too-deep');
  });

  it('prints nesting up to the depth limit', () => {
    const text = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    const lines = pretty(text);
    expect(lines).toHaveLength(2 * MAX_JSON_DEPTH - 1);
    expect(lines[MAX_JSON_DEPTH - 1]).toBe(`${'  '.repeat(MAX_JSON_DEPTH - 1)}[]`);
  });

  it.each([
    ['a trailing comma', '[1,]', 3],
    ['a bare word', '{"a": yes}', 6],
    ['a missing colon', '{"a" 1}', 5],
    ['text after the document', '{} {}', 3],
    ['HTML', '<html>', 0],
    ['a raw control character in a string', '["a\u0001"]', 3],
    ['a bad escape', '["\\x"]', 2],
  ])('says where %s makes it invalid', (_what, text, at) => {
    expect(prettyJson(text)).toMatchObject({ ok: false, reason: 'invalid', at });
  });

  it('says a document cut short is incomplete and keeps what it printed', () => {
    expect(prettyJson('{"a": [1, 2], "b": "unfinish')).toEqual({
      ok: false,
      reason: 'incomplete',
      at: 19,
      lines: ['{', '  "a": [', '    1,', '    2', '  ],', '  "b": '],
    });
    expect(prettyJson('[tr')).toMatchObject({ ok: false, reason: 'incomplete' });
  });
});

describe('jsonLineSpans', () => {
  it('styles keys, strings, numbers and literals of a printed line', () => {
    expect(jsonLineSpans('  "k\\"ey": "v: x",')).toEqual([
      { text: '  ', style: 'plain' },
      { text: '"k\\"ey"', style: 'key' },
      { text: ': ', style: 'plain' },
      { text: '"v: x"', style: 'string' },
      { text: ',', style: 'plain' },
    ]);
    expect(jsonLineSpans('    -1.5e3,').map((s) => s.style)).toEqual(['plain', 'number', 'plain']);
    expect(jsonLineSpans('  null').map((s) => [s.text, s.style])).toEqual([
      ['  ', 'plain'],
      ['null', 'literal'],
    ]);
  });

  it('colours a string value 1 MB long without running out of stack', () => {
    const line = `"${'y'.repeat(1_000_000)}"`;
    expect(jsonLineSpans(line)).toEqual([{ text: line, style: 'string' }]);
  });
});
