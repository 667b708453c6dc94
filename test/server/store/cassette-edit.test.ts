import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  newCassetteDoc,
  patchCassetteDoc,
  serialiseCassette,
} from '../../../src/server/store/cassette-edit.js';
import { GOOD } from '../../helpers/store-helpers.js';

describe('cassette edit', () => {
  it('writes a new cassette in the documented key order', () => {
    const doc = newCassetteDoc({
      name: 'n',
      recordedAt: '2025-10-27T10:00:00.000Z',
      description: null,
      mode: 'auto',
    });
    expect(serialiseCassette(doc)).toBe(
      '{\n  "version": "1.0",\n  "name": "n",\n  "recorded_at": "2025-10-27T10:00:00.000Z",\n  "description": null,\n  "mode": "auto",\n  "interactions": []\n}',
    );
  });

  it('round-trips an upstream file byte for byte when nothing changes', () => {
    const text = readFileSync(join(GOOD, 'session-cookies.json'), 'utf8');
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(serialiseCassette(patchCassetteDoc(doc, { mode: 'record' }))).toBe(text);
  });

  it('replaces existing keys in place and keeps every other key and its order', () => {
    const doc = {
      version: '1.0',
      name: 'x',
      description: 'a',
      zeta: 1,
      recorded_at: 'r',
      mode: 'auto',
      interactions: [],
    };
    const out = patchCassetteDoc(doc, { description: 'b', mode: 'replay' });
    expect(Object.keys(out)).toEqual(Object.keys(doc));
    expect(out).toEqual({ ...doc, description: 'b', mode: 'replay' });
  });

  it('inserts missing keys before cookies or interactions', () => {
    const doc = { version: '1.0', name: 'x', recorded_at: 'r', cookies: [], interactions: [], tail: true };
    const out = patchCassetteDoc(doc, { description: 'd', mode: 'record' });
    expect(Object.keys(out)).toEqual([
      'version',
      'name',
      'recorded_at',
      'description',
      'mode',
      'cookies',
      'interactions',
      'tail',
    ]);
  });

  it('clears a description to null, and leaves an absent one absent', () => {
    expect(patchCassetteDoc({ description: 'a', interactions: [] }, { description: null })).toEqual({
      description: null,
      interactions: [],
    });
    expect(patchCassetteDoc({ interactions: [] }, { description: null })).toEqual({ interactions: [] });
  });
});
