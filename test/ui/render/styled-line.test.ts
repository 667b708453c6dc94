import { describe, expect, it } from 'vitest';
import { createTheme } from '../../../src/ui/render/theme.js';
import { sliceLine, span, type StyledLine } from '../../../src/ui/render/styled-line.js';

const plain = createTheme(false);
const line = (...texts: string[]): StyledLine => texts.map((t) => span(t));

describe('sliceLine', () => {
  it('leaves a line that fits as it is', () => {
    expect(sliceLine(line('abc', 'def'), 0, 10, plain)).toBe('abcdef');
    expect(sliceLine(line('abcdef'), 0, 6, plain)).toBe('abcdef');
  });

  it('cuts a longer line with → in its last column', () => {
    expect(sliceLine(line('abc', 'defghij'), 0, 6, plain)).toBe('abcde→');
  });

  it('scrolled right, marks the left edge with ← and the right edge with → while the line goes on', () => {
    const l = line('0123456789abcdefghij');
    expect(sliceLine(l, 5, 8, plain)).toBe('←6789ab→');
    expect(sliceLine(l, 12, 8, plain)).toBe('←defghij');
    expect(sliceLine(l, 40, 8, plain)).toBe('←');
  });

  it('counts wide characters as two columns and never splits one: a straddling one becomes a space', () => {
    const l = line('ab日本語cd');
    expect(sliceLine(l, 0, 5, plain)).toBe('ab日→');
    expect(sliceLine(l, 0, 4, plain)).toBe('ab →');
    expect(sliceLine(l, 2, 6, plain)).toBe('← 本 →');
  });

  it('keeps each span in its style, cut or whole', () => {
    const theme = createTheme(true);
    const out = sliceLine([span('key', 'key'), span(': '), span('"value"', 'string')], 0, 8, theme);
    expect(out).toBe(`${theme.cyan('key')}: ${theme.green('"v')}${theme.dim('→')}`);
  });
});
