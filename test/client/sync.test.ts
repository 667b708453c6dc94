import { afterEach, describe, expect, it } from 'vitest';
import { createSync, type SyncEngine, type SyncOptions, type SyncUpdate } from '../../src/client/index.js';
import { eventName, type CassetteSummary } from '../../src/protocol/index.js';
import { startFakeMagneto, type FakeMagneto, type FakeMagnetoOptions } from '../helpers/fake-magneto.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { messages, spyWebSocket } from '../helpers/spy-websocket.js';
import { kindOf, next, record, rows, until } from '../helpers/watch-engine.js';

const summary = (name: string, n = 0, description: string | null = null): CassetteSummary => ({
  name,
  description,
  recorded_at: '2025-10-26T10:00:00Z',
  interactions_count: n,
});

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup(serverOptions: FakeMagnetoOptions = {}, seed: string[] = ['alpha', 'beta']) {
  const server = await startFakeMagneto(serverOptions);
  cleanups.push(() => server.close());
  for (const name of seed) server.upsert(summary(name));
  return server;
}

function engineFor(server: FakeMagneto, options: Partial<SyncOptions> = {}) {
  const clock = new FakeClock();
  const spy = spyWebSocket();
  const engine = createSync({
    url: server.url,
    clock,
    random: () => 1,
    WebSocket: spy.WebSocket,
    ...options,
  });
  cleanups.push(() => engine.stop());
  const updates = record(engine);
  return { engine, clock, updates, sockets: spy.sockets };
}

const live = (engine: SyncEngine) => until(engine, () => kindOf(engine) === 'live');
const events = (updates: SyncUpdate[]) =>
  updates
    .flatMap((u) => (u.type === 'event' ? [u.event] : []))
    .map((e) => `${e.type}:${eventName(e)}:${e.seq}`);
const serverRows = (server: FakeMagneto) =>
  [...server.table.values()].sort((a, b) => a.name.localeCompare(b.name));

describe('sync engine', () => {
  describe('initial list', () => {
    it('connects /ws with batch=1, lists, and goes live with the server table', async () => {
      const server = await setup();
      const { engine, updates } = engineFor(server);
      engine.start();
      await live(engine);
      expect(rows(engine)).toEqual(serverRows(server));
      expect(server.connections[0]?.url.search).toBe('?batch=1');
      const snapshot = updates.find((u) => u.type === 'snapshot');
      expect(snapshot).toMatchObject({ reason: 'initial', epoch: 'epoch-1', seq: 2 });
      expect(updates.map((u) => u.type)).toEqual(
        expect.arrayContaining(['hello', 'server', 'snapshot', 'status']),
      );
      expect(engine.info).toMatchObject({
        flavor: 'magneto-watch',
        server: 'fake-magneto/0',
        canCreate: true,
      });
    });

    it('applies events buffered during the list only when their seq is after the snapshot', async () => {
      const server = await setup();
      const { engine, updates, sockets } = engineFor(server);
      const held = server.holdLists();
      const hello = next(engine, 'hello');
      engine.start();
      await Promise.all([held.requested, hello]);
      // Snapshot taken at seq 2. Now: a stale replay of seq 2 with other content, then seq 3.
      const got = messages(sockets[0]!, 2);
      server.broadcast({
        type: 'CassetteUpdated',
        cassette: summary('beta', 99),
        timestamp: '',
        seq: 2,
        epoch: 'epoch-1',
      });
      server.upsert(summary('gamma', 1));
      await got;
      expect(engine.table.size).toBe(0);
      held.release();
      await live(engine);
      expect(rows(engine)).toEqual(serverRows(server));
      expect(engine.table.get('beta')?.interactions_count).toBe(0);
      expect(events(updates)).toEqual(['CassetteCreated:gamma:3']);
    });
  });

  it('works with the default fetch, WebSocket and clock', async () => {
    const server = await setup();
    const engine = createSync({ url: server.url });
    cleanups.push(() => engine.stop());
    engine.start();
    await live(engine);
    expect(rows(engine)).toEqual(serverRows(server));
  });

  describe('apply', () => {
    it('ignores duplicate and old seqs', async () => {
      const server = await setup();
      const { engine, updates } = engineFor(server);
      engine.start();
      await live(engine);
      const e3 = server.upsert(summary('gamma'));
      server.broadcast(server.wire(e3));
      server.broadcast({ type: 'CassetteDeleted', name: 'alpha', timestamp: '', seq: 1, epoch: 'epoch-1' });
      server.upsert(summary('delta'));
      await until(engine, () => engine.table.has('delta'));
      expect(events(updates)).toEqual(['CassetteCreated:gamma:3', 'CassetteCreated:delta:4']);
      expect(rows(engine)).toEqual(serverRows(server));
      expect(server.listRequests).toHaveLength(1);
    });

    it('re-lists on a seq gap, and the snapshot removes rows the server no longer has', async () => {
      const server = await setup();
      const { engine, updates } = engineFor(server);
      engine.start();
      await live(engine);
      server.remove('alpha', { broadcast: false }); // seq 3 never reaches the client
      const snapshot = next(engine, 'snapshot');
      server.upsert(summary('gamma')); // seq 4: a gap
      expect(await snapshot).toMatchObject({ reason: 'gap', seq: 4 });
      expect(rows(engine)).toEqual(serverRows(server));
      expect(engine.table.has('alpha')).toBe(false);
      expect(events(updates)).toEqual([]);
      expect(server.listRequests).toHaveLength(2);
    });

    it('re-lists when an event carries another epoch', async () => {
      const server = await setup();
      const { engine } = engineFor(server);
      engine.start();
      await live(engine);
      const snapshot = next(engine, 'snapshot');
      server.broadcast({
        type: 'CassetteCreated',
        cassette: summary('x'),
        timestamp: '',
        seq: 3,
        epoch: 'elsewhere',
      });
      expect(await snapshot).toMatchObject({ reason: 'epoch' });
      expect(rows(engine)).toEqual(serverRows(server));
    });

    it('re-lists on Resync', async () => {
      const server = await setup();
      const { engine } = engineFor(server);
      engine.start();
      await live(engine);
      server.upsert(summary('gamma'), { broadcast: false });
      const snapshot = next(engine, 'snapshot');
      server.broadcast({ type: 'Resync', epoch: 'epoch-1', seq: server.seq, reason: 'too_old' });
      expect(await snapshot).toMatchObject({ reason: 'resync', seq: 3 });
      expect(rows(engine)).toEqual(serverRows(server));
    });

    it('reads several messages from one batch frame', async () => {
      const server = await setup();
      const { engine, updates } = engineFor(server);
      engine.start();
      await live(engine);
      const a = server.upsert(summary('gamma'), { broadcast: false });
      const b = server.upsert(summary('gamma', 5), { broadcast: false });
      server.broadcast([server.wire(a), server.wire(b)]);
      await until(engine, () => engine.table.get('gamma')?.interactions_count === 5);
      expect(events(updates)).toEqual(['CassetteCreated:gamma:3', 'CassetteUpdated:gamma:4']);
    });

    it('applies events without seq as they come (a server written from the original plan, no Hello)', async () => {
      const server = await setup({ withSeq: false, hello: false });
      const { engine, updates } = engineFor(server, { batch: false });
      engine.start();
      await live(engine);
      expect(server.connections[0]?.url.search).toBe('');
      server.upsert(summary('gamma', 1));
      server.upsert(summary('gamma', 2));
      server.remove('alpha');
      await until(engine, () => !engine.table.has('alpha'));
      expect(events(updates)).toEqual([
        'CassetteCreated:gamma:-1',
        'CassetteUpdated:gamma:-1',
        'CassetteDeleted:alpha:-1',
      ]);
      expect(rows(engine)).toEqual(serverRows(server));
    });
  });

  describe('resume', () => {
    it('reconnects with since and epoch and takes the replay without re-listing', async () => {
      const server = await setup();
      const { engine, clock, updates } = engineFor(server);
      engine.start();
      await live(engine);
      server.connections[0]!.close(1000);
      await until(engine, () => kindOf(engine) === 'reconnecting');
      server.upsert(summary('gamma'));
      server.remove('alpha');
      const reconnected = server.nextConnection();
      clock.advance(1000);
      expect((await reconnected).url.search).toBe('?since=2&epoch=epoch-1&batch=1');
      await until(engine, () => !engine.table.has('alpha'));
      expect(rows(engine)).toEqual(serverRows(server));
      expect(server.listRequests).toHaveLength(1);
      expect(updates.filter((u) => u.type === 'snapshot')).toHaveLength(1);
      expect(kindOf(engine)).toBe('live');
    });

    it('re-lists with reason epoch after a server restart', async () => {
      const server = await setup();
      const { engine, clock } = engineFor(server);
      engine.start();
      await live(engine);
      server.restart('epoch-2');
      await until(engine, () => kindOf(engine) === 'reconnecting');
      server.remove('beta', { broadcast: false });
      server.upsert(summary('gamma'), { broadcast: false });
      const snapshot = next(engine, 'snapshot');
      clock.advance(1000);
      expect(await snapshot).toMatchObject({ reason: 'epoch', epoch: 'epoch-2', seq: 2 });
      await live(engine);
      expect(rows(engine)).toEqual(serverRows(server));
      // Live again on the new epoch: the next event applies.
      server.upsert(summary('delta'));
      await until(engine, () => engine.table.has('delta'));
      expect(rows(engine)).toEqual(serverRows(server));
    });
  });

  describe('auth', () => {
    it('sends the bearer token on REST and on the /ws upgrade', async () => {
      const server = await setup({ token: 's3cret' });
      const { engine } = engineFor(server, { token: 's3cret' });
      engine.start();
      await live(engine);
      expect(server.connections[0]?.headers.authorization).toBe('Bearer s3cret');
      expect(server.listRequests[0]?.headers.authorization).toBe('Bearer s3cret');
    });

    it('fails with a clear reason on 401 and keeps retrying slowly', async () => {
      const server = await setup({ token: 's3cret' });
      const { engine, clock } = engineFor(server, { token: 'wrong' });
      engine.start();
      await until(engine, () => kindOf(engine) === 'failed');
      expect(engine.status).toEqual({
        kind: 'failed',
        reason: '401 Unauthorized: check the token',
        code: 'unauthorized',
        retryAt: clock.now() + 30_000,
      });
      clock.advance(29_999);
      expect(server.upgradeAttempts).toBe(1);
      clock.advance(1);
      // Still failed (no flicker to Connecting), with the next slow retry scheduled.
      await until(
        engine,
        () => engine.status.kind === 'failed' && (engine.status.retryAt ?? 0) > clock.now(),
      );
      expect(server.upgradeAttempts).toBe(2);
    });
  });
});
