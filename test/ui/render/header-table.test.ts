import { describe, expect, it } from 'vitest';
import { HEADER_NAME_CAP, headerTable } from '../../../src/ui/render/header-table.js';

const text = (headers: Record<string, string>): string[] =>
  headerTable(headers, '').map((l) => l.map((s) => s.text).join(''));

describe('headerTable', () => {
  it('aligns values after the longest name, two spaces apart, in recorded order and case', () => {
    expect(text({ Accept: 'application/json', 'X-Request-Id': 'abc', ETag: '"1"' })).toEqual([
      'Accept        application/json',
      'X-Request-Id  abc',
      'ETag          "1"',
    ]);
  });

  it('caps the name column and cuts a longer name with …', () => {
    const long = `x-${'n'.repeat(40)}`;
    const lines = text({ [long]: 'v', a: 'w' });
    expect(lines[0]).toBe(`${long.slice(0, HEADER_NAME_CAP - 1)}…  v`);
    expect(lines[1]).toBe(`a${' '.repeat(HEADER_NAME_CAP - 1)}  w`);
  });

  it('measures wide names in columns', () => {
    expect(text({ 日本: '1', ab: '2' })).toEqual(['日本  1', 'ab    2']);
  });

  it('sanitises names and values: escape sequences and bidi overrides are gone', () => {
    expect(text({ 'x-\u001b]0;pwned\u0007a': '\u001b[2J\u202eevil\u0000' })).toEqual(['x-a  evil']);
  });

  it('says when there are none', () => {
    expect(text({})).toEqual(['(no headers)']);
  });
});
