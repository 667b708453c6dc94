import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSync, type SyncLogEntry, type SyncOptions } from '../../src/client/index.js';
import { ErrorCode, type CassetteSummary } from '../../src/protocol/index.js';
import { startFakeMagneto, type FakeMagneto } from '../helpers/fake-magneto.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { kindOf, until } from '../helpers/watch-engine.js';

const summary = (name: string, n = 0): CassetteSummary => ({
  name,
  description: null,
  recorded_at: '2025-10-26T10:00:00Z',
  interactions_count: n,
});

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function fakeServer(options: Parameters<typeof startFakeMagneto>[0] = {}): Promise<FakeMagneto> {
  const server = await startFakeMagneto(options);
  cleanups.push(() => server.close());
  server.upsert(summary('alpha'));
  server.upsert(summary('beta'));
  return server;
}

function logged(url: string, options: Partial<SyncOptions> = {}) {
  const entries: SyncLogEntry[] = [];
  const clock = new FakeClock();
  const engine = createSync({ url, clock, random: () => 1, log: (e) => entries.push(e), ...options });
  cleanups.push(() => engine.stop());
  const lines = () => entries.map((e) => `${e.event} ${e.message}`);
  return { engine, clock, entries, lines };
}

describe('the engine log (--debug)', () => {
  it('says each step of a first connection, with its URL, attempt and timings', async () => {
    const server = await fakeServer();
    const { engine, lines } = logged(server.url);
    engine.start();
    await until(engine, () => kindOf(engine) === 'live');
    const ws = `ws://127.0.0.1:${server.port}/ws?batch=1`;
    // The fake clock does not move: every timing is 0 ms. Hello and the list race.
    expect(lines().filter((l) => !l.startsWith('hello '))).toEqual([
      `start ${server.url}`,
      `connect ${ws} (attempt 1)`,
      `open ${ws} in 0 ms`,
      expect.stringMatching(
        new RegExp(`^request GET ${server.url}/api/cassettes → 200, \\d+ characters in 0 ms$`),
      ),
      'list initial: 2 cassettes at seq 2 (magneto-watch) in 0 ms',
    ]);
    expect(lines()).toContain('hello fake-magneto/0 epoch epoch-1 seq 2 heartbeat 30000 ms');
  });

  it('says why a connection ended, which attempt comes next, and when a gap makes it re-list', async () => {
    const server = await fakeServer();
    const { engine, clock, lines } = logged(server.url);
    engine.start();
    await until(engine, () => kindOf(engine) === 'live');
    server.connections[0]?.send({
      type: 'CassetteCreated',
      cassette: summary('gamma'),
      timestamp: '2025-10-26T10:00:00Z',
      seq: 9,
      epoch: 'epoch-1',
    });
    await until(engine, () => lines().some((l) => l.startsWith('list gap:')));
    expect(lines()).toContain('gap event seq 9 after 2: re-listing');

    const reconnected = server.nextConnection();
    server.connections[0]?.close(1001, 'bye');
    await until(engine, () => kindOf(engine) === 'reconnecting');
    expect(lines().filter((l) => l.startsWith('end '))).toEqual([
      'end after 0 ms: server went away; retrying',
    ]);
    clock.advance(1000);
    await reconnected;
    expect(lines().filter((l) => l.startsWith('connect '))).toEqual([
      `connect ws://127.0.0.1:${server.port}/ws?batch=1 (attempt 1)`,
      `connect ws://127.0.0.1:${server.port}/ws?since=2&epoch=epoch-1&batch=1 (attempt 2)`,
    ]);
  });

  it('says that a refused token needs the user, and never logs the token', async () => {
    const server = await fakeServer({ token: 'right' });
    const { engine, lines } = logged(server.url, { token: 'wrong-s3cret' });
    engine.start();
    await until(engine, () => kindOf(engine) === 'failed');
    expect(lines().filter((l) => l.startsWith('end '))).toEqual([
      'end after 0 ms: 401 Unauthorized: check the token; needs the user, retrying slowly',
    ]);
    expect(lines().join('\n')).not.toContain('s3cret');
  });

  it('measures timings on the injected clock', async () => {
    const server = await fakeServer();
    const held = server.holdLists();
    const { engine, clock, lines } = logged(server.url);
    engine.start();
    await held.requested;
    clock.advance(1234);
    held.release();
    await until(engine, () => kindOf(engine) === 'live');
    expect(lines()).toContain('list initial: 2 cassettes at seq 2 (magneto-watch) in 1234 ms');
  });

  it('keeps the engine working when the log throws, and rethrows outside it', async () => {
    const server = await fakeServer();
    const { engine } = logged(server.url, {
      log: () => {
        throw new Error('disk full');
      },
    });
    // The engine rethrows a broken log's exception in a microtask (not hidden, not in its way).
    const rethrown: unknown[] = [];
    const original = globalThis.queueMicrotask;
    const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((fn) =>
      original(() => {
        try {
          fn();
        } catch (error) {
          rethrown.push(error);
        }
      }),
    );
    try {
      engine.start();
      await until(engine, () => kindOf(engine) === 'live');
      expect(engine.table.size).toBe(2);
      expect(rethrown.length).toBeGreaterThan(0);
      expect(rethrown.every((e) => (e as Error).message === 'disk full')).toBe(true);
    } finally {
      await engine.stop();
      await new Promise((resolve) => setImmediate(resolve));
      spy.mockRestore();
    }
  });
});

describe('a one-shot listing (engine.list)', () => {
  it('answers the server list without connecting /ws or touching the table', async () => {
    const server = await fakeServer();
    const { engine } = logged(server.url);
    const list = await engine.list();
    expect(list.map((c) => c.name).sort()).toEqual(['alpha', 'beta']);
    expect(engine.table.size).toBe(0);
    expect(server.upgradeAttempts).toBe(0);
    expect(engine.info.flavor).toBe('magneto-watch');
  });

  it('learns an upstream REST server, so details then use its routes', async () => {
    const upstream = await startFakeUpstream({
      noApi: true,
      cassettes: [{ name: 'up-1', recordedAt: '2025-10-26T10:00:00Z', interactionCount: 3 }],
    });
    cleanups.push(() => upstream.close());
    const { engine } = logged(upstream.url);
    expect((await engine.list()).map((c) => c.name)).toEqual(['up-1']);
    expect(engine.info.flavor).toBe('upstream-rest');
    const details = await engine.details('up-1');
    expect(details).toMatchObject({ name: 'up-1', interactions_count: 3 });
    expect(upstream.requests.at(-2)).toBe('GET /cassettes/up-1');
  });

  it('rejects with bad_url when the URL cannot be used', async () => {
    const { engine } = logged('ftp://x');
    await expect(engine.list()).rejects.toMatchObject({ code: ErrorCode.BadUrl });
  });
});
