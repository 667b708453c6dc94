import { describe, expect, it } from 'vitest';
import {
  MagnetoError,
  interactionNotFound,
  parseInteractionIndex,
  parseInteractionQuery,
} from '../../src/protocol/index.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
    return undefined;
  } catch (err) {
    return err;
  }
}

const INDEX = 'interaction index must be 0, 1, 2… (digits only, no sign, no leading zero)';
const MAX_BYTES = 'max_bytes must be a whole number from 0 to 16777216';

describe('interaction requests (protocol.md §2.4)', () => {
  it('takes an index only in canonical decimal, like a path segment', () => {
    expect(['0', '7', '42', '9007199254740991'].map(parseInteractionIndex)).toEqual([
      0, 7, 42, 9007199254740991,
    ]);
    for (const raw of [
      '',
      '-1',
      '+1',
      '07',
      '00',
      '1e3',
      '1.0',
      '0x10',
      ' 1',
      '1 ',
      '１',
      'NaN',
      'Infinity',
    ]) {
      const err = thrown(() => parseInteractionIndex(raw));
      expect(err, JSON.stringify(raw)).toBeInstanceOf(MagnetoError);
      expect(err, JSON.stringify(raw)).toMatchObject({ code: 'bad_request', status: 400, message: INDEX });
    }
  });

  it('reads a canonical index too large to be exact as out of range, not malformed', () => {
    expect(parseInteractionIndex('99999999999999999999')).toBe(Number.POSITIVE_INFINITY);
    expect(interactionNotFound('github-users', '99999999999999999999', 3).message).toBe(
      'interaction 99999999999999999999 not found in cassette "github-users" (it has 3)',
    );
    expect(interactionNotFound('x', '9'.repeat(40), 0).message).toBe(
      `interaction ${'9'.repeat(30)}… not found in cassette "x" (it has 0)`,
    );
  });

  it('takes max_bytes from 0 to 16 MiB and reveal as 0 or 1, once each', () => {
    expect(parseInteractionQuery({})).toEqual({ maxBytes: 262144, reveal: false });
    expect(parseInteractionQuery({ max_bytes: '0', reveal: '1' })).toEqual({ maxBytes: 0, reveal: true });
    expect(parseInteractionQuery({ max_bytes: '16777216', reveal: '0' })).toEqual({
      maxBytes: 16777216,
      reveal: false,
    });
    for (const max_bytes of ['16777217', '-1', '1e3', '01', '', 'abc', ['1', '2']])
      expect(
        thrown(() => parseInteractionQuery({ max_bytes })),
        String(max_bytes),
      ).toMatchObject({
        code: 'bad_request',
        message: MAX_BYTES,
      });
    for (const reveal of ['true', 'yes', '', '2', ['1', '1']])
      expect(
        thrown(() => parseInteractionQuery({ reveal })),
        String(reveal),
      ).toMatchObject({
        code: 'bad_request',
        message: 'reveal must be 0 or 1',
      });
  });
});
