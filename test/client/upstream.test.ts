import { afterEach, describe, expect, it } from 'vitest';
import { createSync, type SyncOptions, type SyncUpdate } from '../../src/client/index.js';
import { eventName } from '../../src/protocol/index.js';
import {
  startFakeUpstream,
  type FakeUpstreamOptions,
  type UpstreamCassette,
} from '../helpers/fake-upstream.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { kindOf, record, rows, until } from '../helpers/watch-engine.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const cassette = (i: number, count = i): UpstreamCassette => ({
  name: `c-${String(i).padStart(2, '0')}`,
  recordedAt: `2025-10-26T10:00:${String(i % 60).padStart(2, '0')}Z`,
  interactionCount: count,
  sizeBytes: 100 + i,
});

async function setup(options: FakeUpstreamOptions) {
  const upstream = await startFakeUpstream(options);
  cleanups.push(() => upstream.close());
  return upstream;
}

function engineFor(url: string, options: Partial<SyncOptions> = {}) {
  const clock = new FakeClock();
  const engine = createSync({ url, clock, random: () => 1, ...options });
  cleanups.push(() => engine.stop());
  return { engine, clock, updates: record(engine) };
}

const polling = (engine: ReturnType<typeof engineFor>['engine']) =>
  until(engine, () => kindOf(engine) === 'polling');
const eventsOf = (updates: SyncUpdate[]) =>
  updates.flatMap((u) =>
    u.type === 'event' ? [`${u.event.type}:${eventName(u.event)}:${u.event.seq}:${u.event.epoch}`] : [],
  );

describe('upstream magneto-serge', () => {
  describe('Hydra API', () => {
    it('lists 45 camelCase cassettes across 3 pages, following hydra:next by path only', async () => {
      const upstream = await setup({ cassettes: Array.from({ length: 45 }, (_, i) => cassette(i)) });
      const { engine, updates } = engineFor(upstream.url);
      engine.start();
      await polling(engine);
      expect(upstream.requests.filter((r) => r.startsWith('GET /api/cassettes'))).toEqual([
        'GET /api/cassettes',
        'GET /api/cassettes?page=2&limit=20',
        'GET /api/cassettes?page=3&limit=20',
      ]);
      expect(engine.table.size).toBe(45);
      expect(engine.table.get('c-07')).toEqual({
        name: 'c-07',
        description: null,
        recorded_at: '2025-10-26T10:00:07Z',
        interactions_count: 7,
        size_bytes: 107,
      });
      expect(updates.find((u) => u.type === 'snapshot')).toMatchObject({
        reason: 'initial',
        epoch: null,
        seq: null,
      });
      expect(engine.info).toEqual({ flavor: 'upstream-hydra', canCreate: false, canUpdate: false });
      expect(engine.status).toEqual({ kind: 'polling', intervalMs: 2000 });
      expect(upstream.requests[0]).toBe('UPGRADE /ws?batch=1');
    });

    it('reads details and pages of interactions', async () => {
      const upstream = await setup({ cassettes: [cassette(25)] });
      const { engine } = engineFor(upstream.url);
      engine.start();
      await polling(engine);
      expect(await engine.details('c-25')).toMatchObject({
        name: 'c-25',
        version: '1.0',
        interactions_count: 25,
      });
      const lines = await engine.interactions('c-25');
      expect(lines).toHaveLength(25);
      expect(lines[21]).toMatchObject({
        index: 21,
        kind: 'Http',
        method: 'GET',
        status: 200,
        url: 'https://example.test/items/21',
      });
    });
  });

  describe('REST fallback', () => {
    it('lists GET /cassettes ({cassettes,total}, interaction_count) when /api is 404', async () => {
      const upstream = await setup({ noApi: true, cassettes: [cassette(1), cassette(2)] });
      const { engine, clock } = engineFor(upstream.url);
      engine.start();
      await polling(engine);
      expect(rows(engine).map((c) => [c.name, c.interactions_count, c.recorded_at])).toEqual([
        ['c-01', 1, '2025-10-26T10:00:01Z'],
        ['c-02', 2, '2025-10-26T10:00:02Z'],
      ]);
      expect(engine.info.flavor).toBe('upstream-rest');
      // Later polls go straight to the spelling that worked.
      const poll = upstream.nextRequest();
      clock.advance(2000);
      expect(await poll).toBe('GET /cassettes');
    });
  });

  describe('polling', () => {
    it('re-lists every interval and emits created, updated and deleted with seq -1', async () => {
      const upstream = await setup({ cassettes: [cassette(1), cassette(2), cassette(3)] });
      const { engine, clock, updates } = engineFor(upstream.url, { pollIntervalMs: 500 });
      engine.start();
      await polling(engine);
      upstream.cassettes.delete('c-01');
      upstream.cassettes.set('c-02', cassette(2, 9));
      upstream.cassettes.set('c-04', cassette(4));
      clock.advance(499);
      expect(eventsOf(updates)).toEqual([]);
      clock.advance(1);
      await until(engine, () => eventsOf(updates).length === 3);
      expect(eventsOf(updates)).toEqual([
        'CassetteUpdated:c-02:-1:',
        'CassetteCreated:c-04:-1:',
        'CassetteDeleted:c-01:-1:',
      ]);
      expect(rows(engine).map((c) => c.name)).toEqual(['c-02', 'c-03', 'c-04']);
      expect(updates.filter((u) => u.type === 'snapshot')).toHaveLength(1);
    });

    it('shows reconnecting with backoff when a poll fails, then polls again', async () => {
      const upstream = await setup({ cassettes: [cassette(1)] });
      const { engine, clock, updates } = engineFor(upstream.url);
      engine.start();
      await polling(engine);
      upstream.failing = true;
      clock.advance(2000);
      await until(engine, () => kindOf(engine) === 'reconnecting');
      expect(engine.status).toMatchObject({ kind: 'reconnecting', attempt: 1, retryAt: clock.now() + 1000 });
      upstream.failing = false;
      upstream.cassettes.set('c-05', cassette(5));
      clock.advance(1000);
      await until(engine, () => kindOf(engine) === 'polling' && engine.table.has('c-05'));
      expect(eventsOf(updates)).toEqual(['CassetteCreated:c-05:-1:']);
    });
  });

  describe('mutations', () => {
    it('refuses create with a clear reason', async () => {
      const upstream = await setup({ cassettes: [cassette(1)] });
      const { engine } = engineFor(upstream.url);
      engine.start();
      await polling(engine);
      const before = upstream.requests.length;
      await expect(engine.create({ name: 'new-one' })).rejects.toMatchObject({
        name: 'MagnetoError',
        code: 'unsupported',
        message: 'this server cannot create cassettes (magneto-serge has no create API)',
      });
      await expect(engine.update('c-01', { description: 'x' })).rejects.toMatchObject({
        code: 'unsupported',
      });
      expect(upstream.requests.length).toBe(before);
    });

    it('deletes through DELETE /cassettes/:name when the Hydra API answers 405', async () => {
      const upstream = await setup({ cassettes: [cassette(1), { ...cassette(2), name: 'odd name' }] });
      const { engine, clock } = engineFor(upstream.url);
      engine.start();
      await polling(engine);
      await engine.remove('odd name');
      expect(upstream.requests.slice(-2)).toEqual([
        'DELETE /api/cassettes/odd%20name',
        'DELETE /cassettes/odd%20name',
      ]);
      // The table changes with the next poll, not with the call.
      expect(engine.table.has('odd name')).toBe(true);
      clock.advance(2000);
      await until(engine, () => !engine.table.has('odd name'));
    });

    it('deletes through DELETE /cassettes/:name directly on a REST-only server, with its 404 error as ours', async () => {
      const upstream = await setup({ noApi: true, cassettes: [cassette(1)] });
      const { engine } = engineFor(upstream.url);
      engine.start();
      await polling(engine);
      await engine.remove('c-01');
      expect(upstream.requests.at(-1)).toBe('DELETE /cassettes/c-01');
      // Upstream's own code is not one of ours: the error carries our code for 404 and keeps
      // upstream's code and message (protocol.md §5).
      await expect(engine.remove('c-01')).rejects.toMatchObject({
        code: 'not_found',
        serverCode: 'cassette_not_found',
        message: "Cassette 'c-01' not found",
        status: 404,
      });
    });
  });
});
