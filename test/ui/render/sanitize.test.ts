import { describe, expect, it } from 'vitest';
import { sanitize } from '../../../src/ui/render/sanitize.js';

describe('sanitize', () => {
  it('makes OSC, CSI, BEL, CR and LF inert', () => {
    expect(sanitize('\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u001b[0m\r\nfake line')).toBe(
      'red fake line',
    );
  });

  it('strips DCS, APC, OSC with ST, lone ESC and C1 controls', () => {
    expect(sanitize('a\u001bPq#0;2;0;0;0\u001b\\b')).toBe('ab');
    expect(sanitize('a\u001b_secret\u001b\\b')).toBe('ab');
    expect(sanitize('a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\b')).toBe('alinkb');
    expect(sanitize('a\u009b31mb\u0085c\u001b')).toBe('ab c');
    expect(sanitize('a\u001bcb')).toBe('ab');
  });

  it('drops NUL, DEL, other C0 and bidi overrides, keeps ordinary text', () => {
    expect(sanitize('a\u0000b\u007fc\u0008d\u202ee\u2066f')).toBe('abcdef');
    expect(sanitize('Café ☕ 日本')).toBe('Café ☕ 日本');
  });

  it('drops an unterminated OSC to the end', () => {
    expect(sanitize('ok\u001b]0;title never ends')).toBe('ok');
  });
});
