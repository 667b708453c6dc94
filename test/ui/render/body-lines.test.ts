import { describe, expect, it } from 'vitest';
import { bodyLines, type DocLine } from '../../../src/ui/render/body-lines.js';
import { MAX_JSON_DEPTH } from '../../../src/ui/render/json-pretty.js';
import { binaryBody, textBody } from '../../helpers/interaction-answers.js';

const text = (lines: DocLine[]): string[] =>
  lines.map((l) => (typeof l === 'string' ? l : l.map((s) => s.text).join('')));

describe('bodyLines', () => {
  it('says there is no body, or an empty one', () => {
    expect(text(bodyLines(null))).toEqual(['Body  none']);
    expect(text(bodyLines(textBody('')))).toEqual(['Body  0 B', '(empty)']);
  });

  it('pretty-prints a body that claims JSON, under its type and size', () => {
    expect(text(bodyLines(textBody('{"a":[1]}', { content_type: 'application/problem+json' })))).toEqual([
      'Body  application/problem+json · 9 B',
      '{',
      '  "a": [',
      '    1',
      '  ]',
      '}',
    ]);
  });

  it('pretty-prints text that looks like JSON without a content type', () => {
    expect(text(bodyLines(textBody('[1,2]')))).toEqual(['Body  5 B', '[', '  1,', '  2', ']']);
  });

  it('shows a body that claims JSON and is not as text, with a note saying why', () => {
    expect(
      text(bodyLines(textBody('<html>oops</html>', { content_type: 'application/json; charset=utf-8' }))),
    ).toEqual([
      'Body  application/json; charset=utf-8 · 17 B',
      'not valid JSON (at character 0): shown as text',
      '<html>oops</html>',
    ]);
    expect(text(bodyLines(textBody('{"a": [1,', { content_type: 'application/json' })))).toEqual([
      'Body  application/json · 9 B',
      'not valid JSON (it ends early): shown as text',
      '{"a": [1,',
    ]);
  });

  it('falls back to the raw text for JSON nested 100 000 levels deep', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const lines = text(bodyLines(textBody(deep, { content_type: 'application/json' })));
    expect(lines).toEqual([
      'Body  application/json · 195 KiB',
      `nested deeper than ${MAX_JSON_DEPTH} levels: shown as text`,
      deep,
    ]);
  });

  it('indents what a cut JSON body holds and says it was cut', () => {
    const body = textBody('{"items":[{"id":1},{"id":2', {
      size_bytes: 20 * 1024 * 1024,
      truncated: true,
      content_type: 'application/json',
    });
    expect(text(bodyLines(body))).toEqual([
      'Body  application/json · 20 MiB',
      '{',
      '  "items": [',
      '    {',
      '      "id": 1',
      '    },',
      '    {',
      '      "id": ',
      '… truncated: showing 26 B of 20 MiB',
    ]);
  });

  it('shows text as is, line by line, each line sanitised', () => {
    expect(
      text(bodyLines(textBody('one\r\ntwo\u001b[2J\tx\nthree\u202e', { content_type: 'text/plain' }))),
    ).toEqual(['Body  text/plain · 23 B', 'one', 'two x', 'three']);
  });

  it('shows a binary body as a hex dump with offsets', () => {
    expect(
      text(bodyLines(binaryBody([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'))),
    ).toEqual([
      'Body  image/png · 8 B',
      '00000000  89 50 4e 47 0d 0a 1a 0a                           |.PNG....|',
    ]);
  });
});
