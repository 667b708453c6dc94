import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  fit,
  realign,
  relativeTime,
  truncate,
  widthIsCertain,
} from '../../../src/ui/render/format.js';

/** The description from the issue "Fits the hand": emoji, a skin tone, a ZWJ family, Devanagari, CJK. */
const MIXED = 'Deploy 🚀 done ✅ 👍🏽 👨‍👩‍👧 नमस्ते 日本語';
const FAMILY = '👨‍👩‍👧';
const THUMB = '👍🏽';
const FLAG = '🇫🇷';
const E_ACUTE = 'e\u0301';

describe('relative times', () => {
  const now = Date.parse('2025-10-27T10:00:00Z');
  it('say "just now", "2m ago", "3h ago", "9d ago", and — when unknown', () => {
    expect(relativeTime('2025-10-27T09:59:30Z', now)).toBe('just now');
    expect(relativeTime('2025-10-27T09:58:00Z', now)).toBe('2m ago');
    expect(relativeTime('2025-10-27T07:00:00Z', now)).toBe('3h ago');
    expect(relativeTime('2025-10-18T10:00:00Z', now)).toBe('9d ago');
    expect(relativeTime('2025-10-27T10:00:05Z', now)).toBe('just now');
    expect(relativeTime(null, now)).toBe('—');
  });
});

describe('display width', () => {
  it('counts a grapheme cluster once: ZWJ sequences, skin tones and flags are one wide emoji', () => {
    expect(displayWidth(FAMILY)).toBe(2);
    expect(displayWidth(THUMB)).toBe(2);
    expect(displayWidth(FLAG)).toBe(2);
    expect(displayWidth('🚀✅')).toBe(4);
  });

  it('counts CJK two columns, combining marks none, Devanagari by cluster', () => {
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth(`caf${E_ACUTE}`)).toBe(4);
    expect(displayWidth('नमस्ते')).toBe(3);
    expect(displayWidth(MIXED)).toBe(34);
  });

  it('does not count our colour sequences', () => {
    expect(displayWidth('\u001b[1mbold\u001b[22m 日本')).toBe(9);
  });
});

describe('truncate and fit', () => {
  it('cut at a cluster boundary, ending with …', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('日本語です', 5)).toBe('日本…');
    expect(truncate(`${FAMILY}${FAMILY}${FAMILY}`, 5)).toBe(`${FAMILY}${FAMILY}…`);
    expect(truncate(`${E_ACUTE}${E_ACUTE}${E_ACUTE}${E_ACUTE}`, 3)).toBe(`${E_ACUTE}${E_ACUTE}…`);
    expect(truncate(`${FLAG}${FLAG}${FLAG}`, 4)).toBe(`${FLAG}…`);
  });

  it('never let a wide cluster straddle the edge: it goes, and the cell is padded', () => {
    expect(truncate('日本語日本語', 4)).toBe('日…');
    expect(truncate(`ab${THUMB}cd`, 4)).toBe('ab…');
    expect(fit('日本語日本語', 4)).toBe('日… ');
    expect(fit(`ab${THUMB}cd`, 4)).toBe('ab… ');
    expect(fit(MIXED, 20)).toBe('Deploy 🚀 done ✅ … ');
    expect(fit(MIXED, 21)).toBe(`Deploy 🚀 done ✅ ${THUMB}…`);
  });

  it('keep text that fits, and pad it to the width, left or right', () => {
    expect(truncate(MIXED, 34)).toBe(MIXED);
    expect(fit(MIXED, 36)).toBe(`${MIXED}  `);
    expect(fit('ab', 4)).toBe('ab  ');
    expect(fit('7', 3, 'right')).toBe('  7');
    expect(fit('日本', 5, 'right')).toBe(' 日本');
  });

  it('close our colour sequences when they cut styled text', () => {
    expect(truncate('\u001b[1mhello world\u001b[22m', 5)).toBe('\u001b[1mhell…\u001b[22m');
  });

  it('give exactly the width asked, whatever the clusters (property)', () => {
    const cluster = fc.constantFrom('a', 'Z', ' ', '日', FAMILY, THUMB, FLAG, E_ACUTE, 'नमस्ते', '🚀', '한');
    fc.assert(
      fc.property(fc.array(cluster, { maxLength: 30 }), fc.integer({ min: 1, max: 40 }), (parts, width) => {
        const text = parts.join('');
        const cut = truncate(text, width);
        expect(displayWidth(cut)).toBeLessThanOrEqual(width);
        expect(displayWidth(fit(text, width))).toBe(width);
        if (cut === text) return;
        // What is kept is whole grapheme clusters from the start, then the ellipsis.
        const graphemes = [...new Intl.Segmenter().segment(text)].map((g) => g.segment);
        const prefixes = graphemes.map((_, i) => graphemes.slice(0, i).join(''));
        expect(cut.endsWith('…')).toBe(true);
        expect(prefixes).toContain(cut.slice(0, -1));
      }),
      { numRuns: 500 },
    );
  });
});

describe('realign', () => {
  it('is nothing after text every terminal measures alike: ASCII, Latin, CJK', () => {
    for (const text of ['auth-login', 'Café crème', '日本語', 'Grüße', '']) {
      expect(widthIsCertain(text)).toBe(true);
      expect(realign(text, 40)).toBe('');
    }
  });

  it('erases to the end and moves to the next column after disputed text (emoji sequences, marks, Devanagari)', () => {
    for (const text of [MIXED, FAMILY, THUMB, FLAG, E_ACUTE, 'नमस्ते', '❤️', '🚀']) {
      expect(widthIsCertain(text)).toBe(false);
      expect(realign(text, 40)).toBe('\u001b[K\u001b[41G');
    }
  });
});
