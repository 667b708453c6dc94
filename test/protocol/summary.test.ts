import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  normalizeSummary,
  sameSummary,
  type CassetteSummary,
} from '../../src/protocol/index.js';

const base: CassetteSummary = {
  name: 'a',
  description: null,
  recorded_at: '2025-10-26T10:00:00Z',
  interactions_count: 2,
  mode: 'auto',
  size_bytes: 100,
  secrets_count: 3,
};

describe('summaries carry the secret count (protocol.md §2.2, §2.5)', () => {
  it('keeps secrets_count and secrets_partial when read, and nothing when a server does not send them', () => {
    expect(normalizeSummary({ ...base, secrets_partial: true })).toEqual({ ...base, secrets_partial: true });
    expect(normalizeSummary({ ...base, secrets_count: null })).toEqual({ ...base, secrets_count: null });
    // A count that is not one is unknown; a partial flag other than true is absent.
    expect(normalizeSummary({ ...base, secrets_count: -1, secrets_partial: 'yes' })).toEqual({
      ...base,
      secrets_count: null,
    });
    const { secrets_count: _omit, ...upstream } = base;
    expect(normalizeSummary(upstream)).not.toHaveProperty('secrets_count');
  });

  it('treats a change of secrets_count or secrets_partial as a change', () => {
    expect(sameSummary(base, { ...base })).toBe(true);
    expect(sameSummary(base, { ...base, secrets_count: 4 })).toBe(false);
    expect(sameSummary(base, { ...base, secrets_partial: true })).toBe(false);
  });

  it('travels in events', () => {
    const frame = JSON.stringify({
      type: 'CassetteUpdated',
      cassette: { ...base, secrets_partial: true },
      timestamp: '2025-10-26T10:00:00Z',
      seq: 1,
      epoch: 'e',
    });
    expect(decodeFrame(frame).messages[0]).toMatchObject({
      cassette: { secrets_count: 3, secrets_partial: true },
    });
  });
});
