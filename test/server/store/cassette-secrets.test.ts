import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerAllowance, findCookieSecrets, findSecrets } from '../../../src/protocol/index.js';
import { countSecrets } from '../../../src/server/store/cassette-secrets.js';
import { decodeInteraction } from '../../../src/server/store/interaction-detail.js';
import { TOKENS } from '../../helpers/secret-tokens.js';
import {
  FIXTURES,
  GOOD,
  copyFixtures,
  openStore,
  recordChanges,
  tempDir,
} from '../../helpers/store-helpers.js';

const INSPECT = join(FIXTURES, 'inspect');
type Doc = Record<string, unknown>;

const bytes = (s: string): number[] => [...Buffer.from(s)];
function http(over: { headers?: Record<string, string>; body?: string } = {}): Doc {
  return {
    type: 'Http',
    request: { method: 'GET', url: 'https://api.example.com/x', headers: over.headers ?? {}, body: null },
    response: { status: 200, headers: {}, body: over.body === undefined ? null : bytes(over.body) },
    recorded_at: '2025-11-20T09:00:00Z',
  };
}
const cassette = (interactions: Doc[], extra: Doc = {}): Doc => ({
  version: '1.0',
  name: 'x',
  recorded_at: '2025-11-20T09:00:00Z',
  ...extra,
  interactions,
});

describe('the index secret scan (protocol.md §2.5)', () => {
  it('counts what the interaction answers list, plus the cookies, and keeps each interaction’s count', async () => {
    let flagged = 0;
    for (const dir of [GOOD, INSPECT]) {
      for (const file of await readdir(dir)) {
        const doc = JSON.parse(await readFile(join(dir, file), 'utf8')) as Doc;
        const interactions = doc.interactions as Doc[];
        const each = interactions.map(
          (raw, i) => findSecrets(decodeInteraction(raw, i, answerAllowance(1 << 20))).length,
        );
        const answered = each.reduce((n, c) => n + c, findCookieSecrets(doc.cookies).length);
        const byInteraction = each.flatMap((c, i) => (c > 0 ? [[i, c]] : []));
        flagged += byInteraction.length;
        expect(countSecrets(doc), file).toEqual({ count: answered, partial: false, byInteraction });
      }
    }
    expect(flagged).toBeGreaterThan(3);
  });

  it('stops reading bodies when its byte budget is spent, still reading later headers, and says so', () => {
    const doc = cassette([
      http({ body: `${'a'.repeat(50)} ${TOKENS.stripe} ${'a'.repeat(10)}` }),
      // Only 20 bytes of this body are left to scan: its token is not reached.
      http({ body: `${'b'.repeat(60)} ${TOKENS.stripe}` }),
      http({ headers: { authorization: 'Bearer abcdefghijklmnop' }, body: TOKENS.github }),
    ]);
    expect(countSecrets(doc, { maxBytes: 120 })).toEqual({
      count: 2,
      partial: true,
      byInteraction: [
        [0, 1],
        [2, 1],
      ],
    });
    expect(countSecrets(doc, { maxBytes: 10_000 })).toMatchObject({ count: 4, partial: false });
  });

  it('stops when its time is up, checking every 16 interactions', () => {
    const doc = cassette(
      Array.from({ length: 40 }, () => http({ headers: { authorization: 'Bearer abcdefghijklmnop' } })),
    );
    const times = [0, 100];
    const now = (): number => times.shift() ?? 200;
    const cut = countSecrets(doc, { maxMs: 50, now });
    expect(cut).toMatchObject({ count: 15, partial: true });
    // What was scanned is kept per interaction; what was not is not claimed.
    expect(cut.byInteraction).toEqual(Array.from({ length: 15 }, (_, i) => [i, 1]));
    expect(countSecrets(doc, { maxMs: 50, now: () => 0 })).toMatchObject({ count: 40, partial: false });
  });

  it('puts the count in the summary, and a file that gains a secret is an update', async () => {
    const dir = await tempDir();
    await copyFixtures(dir, INSPECT);
    const store = await openStore({ dir, watch: false });
    expect(store.list().map((s) => [s.name, s.secrets_count, s.secrets_partial])).toEqual([
      ['binary-bodies', 1, undefined],
      ['leaky-auth', 8, undefined],
      ['odd-bodies', 0, undefined],
      ['pem-key', 1, undefined],
    ]);
    const log = recordChanges(store);
    const doc = JSON.parse(await readFile(join(dir, 'odd-bodies.json'), 'utf8')) as Doc;
    (doc.interactions as Doc[]).push(http({ headers: { 'x-api-key': 'k-0123456789abcdef' } }));
    await writeFile(join(dir, 'odd-bodies.json'), JSON.stringify(doc));
    await store.reconcile();
    expect(log.seen).toEqual([
      { type: 'updated', name: 'odd-bodies', summary: expect.objectContaining({ secrets_count: 1 }) },
    ]);
  });

  it('can be turned off (the benchmark baseline): summaries then have no count', async () => {
    const dir = await tempDir();
    await copyFixtures(dir, INSPECT);
    const store = await openStore({ dir, watch: false, secretScan: false });
    for (const s of store.list()) expect(s, s.name).not.toHaveProperty('secrets_count');
  });

  it('bounds a cassette by its options: a small budget marks the summary partial', async () => {
    const dir = await tempDir();
    await copyFixtures(dir, INSPECT);
    const store = await openStore({ dir, watch: false, secretScan: { maxBytes: 10 } });
    expect(store.list().find((s) => s.name === 'pem-key')).toMatchObject({
      secrets_count: 0,
      secrets_partial: true,
    });
  });
});
