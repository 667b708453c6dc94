import { describe, expect, it } from 'vitest';
import { fitHints, keyBarLine } from '../../../src/ui/render/key-bar.js';
import type { Hint } from '../../../src/ui/render/key-hints.js';
import { createTheme } from '../../../src/ui/render/theme.js';
import * as A from '../../../src/ui/state/actions.js';
import { initialState, reduce } from '../../../src/ui/state/reducer.js';
import type { UiState } from '../../../src/ui/state/types.js';
import { summary } from '../../helpers/fake-engine.js';

const theme = createTheme(false);
const T0 = 1_000_000;

function table(info: Partial<UiState['info']> = {}): UiState {
  const s = initialState({
    now: T0,
    columns: 100,
    rows: 24,
    table: new Map([['auth-login', summary('auth-login')]]),
  });
  return { ...s, info: { ...s.info, ...info } };
}

describe('key bar', () => {
  it('drops the least needed keys first as the terminal narrows; ? help and q quit always stay', () => {
    const s = table();
    const bars = [120, 100, 80, 60, 40, 20].map((w) => keyBarLine(s, w - 1, theme).trimEnd());
    expect(bars).toEqual([
      ' n new  e edit  d delete  / filter  s sort  p pause  r re-list  enter details  L log  ? help  q quit',
      ' n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit',
      ' n new  e edit  d delete  / filter  enter details  L log  ? help  q quit',
      ' n new  e edit  / filter  enter details  ? help  q quit',
      ' / filter  ? help  q quit',
      ' ? help  q quit',
    ]);
  });

  it('keeps ? help and q quit at every width from 20 to 200 columns, never wider than the screen', () => {
    const s = table();
    for (let width = 19; width < 200; width++) {
      const bar = keyBarLine(s, width, theme);
      expect(bar.length).toBe(width);
      expect(bar.trimEnd().endsWith('? help  q quit')).toBe(true);
    }
  });

  it('gives a kept filter at most a third of the bar, then cuts it further before the keys', () => {
    const s = reduce(reduce(reduce(table(), A.filterOpen()), A.filterInput('x'.repeat(60))), A.filterKeep());
    expect(keyBarLine(s, 79, theme).trimEnd()).toBe(
      ` filter: ${'x'.repeat(17)}…  n new  / filter  enter details  ? help  q quit`,
    );
    expect(keyBarLine(s, 39, theme).trimEnd()).toBe(` filter: ${'x'.repeat(4)}…  ? help  q quit`);
  });

  it('shows the keys of the view on screen: details, help, forms', () => {
    const s = table();
    const details = reduce(s, A.detailsOpen('auth-login'));
    expect(keyBarLine(details, 79, theme).trimEnd()).toBe(
      ' j/k select  / filter  f failures  y copy name  esc/q back',
    );
    const local = { ...details, dir: '/home/me/cassettes' };
    expect(keyBarLine(local, 79, theme).trimEnd()).toBe(
      ' j/k select  / filter  f failures  o open  v view  y copy name  esc/q back',
    );
    expect(keyBarLine(local, 50, theme).trimEnd()).toBe(' j/k select  / filter  f failures  esc/q back');
    expect(keyBarLine(reduce(s, A.helpOpen()), 79, theme).trimEnd()).toBe(' esc/q back');
    expect(keyBarLine(reduce(s, A.formOpenCreate()), 79, theme).trimEnd()).toBe(
      ' enter create  tab/↓ next field  ←/→ mode  ctrl-u clear field  esc cancel',
    );
    expect(keyBarLine(reduce(s, A.formOpenEdit('auth-login')), 44, theme).trimEnd()).toBe(
      ' enter save  tab/↓ next field  esc cancel',
    );
  });
});

describe('fitHints', () => {
  const hints: Hint[] = [
    { keys: 'a', label: 'one', rank: 2 },
    { keys: 'b', label: 'two', rank: 1 },
    { keys: 'c', label: 'three', rank: 2 },
    { keys: '?', label: 'help', rank: 0 },
  ];
  it('drops the highest rank first, the rightmost of a rank first, and keeps the order', () => {
    expect(fitHints(hints, 40)).toBe(' a one  b two  c three  ? help'.padEnd(40));
    expect(fitHints(hints, 25)).toBe(' a one  b two  ? help'.padEnd(25));
    expect(fitHints(hints, 20)).toBe(' b two  ? help'.padEnd(20));
    expect(fitHints(hints, 8)).toBe(' ? help ');
  });
});
