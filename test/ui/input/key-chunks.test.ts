import { describe, expect, it } from 'vitest';
import { splitKeys } from '../../../src/ui/input/key-chunks.js';

describe('key chunks', () => {
  it('passes a single key through unchanged', () => {
    expect(splitKeys('j', {})).toEqual([['j', {}]]);
    expect(splitKeys('', { upArrow: true })).toEqual([['', { upArrow: true }]]);
  });

  it('splits a run of typed characters into one press each', () => {
    expect(splitKeys('jj', {})).toEqual([
      ['j', {}],
      ['j', {}],
    ]);
  });

  it('turns tab, return and backspace inside a run into named keys', () => {
    expect(splitKeys('ab\tC\r\u007f', {})).toEqual([
      ['a', {}],
      ['b', {}],
      ['', { tab: true }],
      ['C', { shift: true }],
      ['', { return: true }],
      ['', { backspace: true }],
    ]);
  });

  it('reports a control character inside a run as a ctrl chord', () => {
    expect(splitKeys('x\u0003', {})).toEqual([
      ['x', {}],
      ['c', { ctrl: true }],
    ]);
  });

  it('keeps astral characters whole', () => {
    expect(splitKeys('a😀', {})).toEqual([
      ['a', {}],
      ['😀', {}],
    ]);
  });
});
