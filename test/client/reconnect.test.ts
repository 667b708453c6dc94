import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSync, type ConnectionStatus, type SyncOptions } from '../../src/client/index.js';
import { startFakeMagneto, type FakeMagnetoOptions } from '../helpers/fake-magneto.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { spyWebSocket } from '../helpers/spy-websocket.js';
import { kindOf, record, until } from '../helpers/watch-engine.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup(options: FakeMagnetoOptions = {}) {
  const server = await startFakeMagneto(options);
  cleanups.push(() => server.close());
  server.upsert({ name: 'alpha', description: null, recorded_at: null, interactions_count: 0 });
  return server;
}

function engineFor(url: string, options: Partial<SyncOptions> = {}) {
  const clock = new FakeClock();
  const spy = spyWebSocket();
  const engine = createSync({ url, clock, random: () => 1, WebSocket: spy.WebSocket, ...options });
  cleanups.push(() => engine.stop());
  const updates = record(engine);
  return { engine, clock, updates, sockets: spy.sockets };
}

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

type Reconnecting = Extract<ConnectionStatus, { kind: 'reconnecting' }>;

/** Waits for the reconnecting status of `attempt`, returns the delay it announces. */
async function waitAttempt(engine: ReturnType<typeof engineFor>, attempt: number): Promise<Reconnecting> {
  await until(
    engine.engine,
    () => engine.engine.status.kind === 'reconnecting' && engine.engine.status.attempt === attempt,
  );
  return engine.engine.status as Reconnecting;
}

describe('reconnect', () => {
  describe('backoff', () => {
    it('waits 1, 2, 4, 8, 16, 30, 30 s while the server refuses the upgrade', async () => {
      const server = await setup();
      server.upgradeStatus = 503;
      const e = engineFor(server.url);
      e.engine.start();
      for (const [i, delay] of [1000, 2000, 4000, 8000, 16000, 30000, 30000].entries()) {
        const status = await waitAttempt(e, i + 1);
        expect(status.retryAt - e.clock.now()).toBe(delay);
        expect(status.reason).toBe('/ws answered 503');
        expect(server.upgradeAttempts).toBe(i + 1);
        e.clock.advance(delay);
      }
    });

    it('jitters the capped delay into [15 s, 30 s]', async () => {
      const server = await setup();
      server.upgradeStatus = 503;
      const e = engineFor(server.url, { random: () => 0 });
      e.engine.start();
      for (const [i, delay] of [500, 1000, 2000, 4000, 8000, 15000].entries()) {
        const status = await waitAttempt(e, i + 1);
        expect(status.retryAt - e.clock.now()).toBe(delay);
        e.clock.advance(delay);
      }
    });

    it('reports ECONNREFUSED as reconnecting, not failed', async () => {
      const e = engineFor(`http://127.0.0.1:${await closedPort()}`);
      e.engine.start();
      const status = await waitAttempt(e, 1);
      expect(status.reason).toBe('ECONNREFUSED');
    });

    it('resets the attempt only after 10 s live; a drop after 3 s keeps growing the delay', async () => {
      const server = await setup();
      server.upgradeStatus = 503;
      const e = engineFor(server.url, { pingIntervalMs: 60_000 });
      e.engine.start();
      await waitAttempt(e, 1);
      e.clock.advance(1000);
      await waitAttempt(e, 2);
      server.upgradeStatus = null;
      e.clock.advance(2000);
      await until(e.engine, () => kindOf(e.engine) === 'live');
      e.clock.advance(3000);
      server.connections.at(-1)!.close(1011);
      expect((await waitAttempt(e, 3)).retryAt - e.clock.now()).toBe(4000);
      e.clock.advance(4000);
      await until(e.engine, () => kindOf(e.engine) === 'live');
      e.clock.advance(10_000);
      server.connections.at(-1)!.close(1011);
      expect((await waitAttempt(e, 1)).retryAt - e.clock.now()).toBe(1000);
    });
  });

  it('reconnects at once with since after a slow-consumer close (4008)', async () => {
    const server = await setup();
    const e = engineFor(server.url);
    e.engine.start();
    await until(e.engine, () => kindOf(e.engine) === 'live');
    const again = server.nextConnection();
    server.connections[0]!.close(4008, 'slow consumer');
    // No clock advance: the new connection needs no timer.
    expect((await again).url.searchParams.get('since')).toBe('1');
    await until(e.engine, () => kindOf(e.engine) === 'live');
    expect(e.updates.some((u) => u.type === 'status' && u.status.kind === 'reconnecting')).toBe(false);
  });

  describe('heartbeat', () => {
    it('declares a peer that stops answering dead and reconnects', async () => {
      const server = await setup();
      const e = engineFor(server.url);
      e.engine.start();
      await until(e.engine, () => kindOf(e.engine) === 'live');
      server.connections[0]!.socket.pause();
      e.clock.advance(15_000); // ping
      e.clock.advance(9_999);
      expect(kindOf(e.engine)).toBe('live');
      e.clock.advance(1);
      const status = await waitAttempt(e, 1);
      expect(status.reason).toMatch(/dead/);
      expect(e.sockets[0]!.readyState).not.toBe(e.sockets[0]!.OPEN);
    });

    it('stays live when the peer answers the ping', async () => {
      const server = await setup();
      const e = engineFor(server.url);
      e.engine.start();
      await until(e.engine, () => kindOf(e.engine) === 'live');
      const pong = once(e.sockets[0]!, 'pong');
      e.clock.advance(15_000);
      await pong;
      e.clock.advance(10_000);
      expect(kindOf(e.engine)).toBe('live');
    });

    it('pings at Hello.heartbeat_ms when that is shorter than 15 s', async () => {
      const server = await setup({ heartbeatMs: 4000 });
      const e = engineFor(server.url);
      e.engine.start();
      await until(e.engine, () => kindOf(e.engine) === 'live');
      server.connections[0]!.socket.pause();
      e.clock.advance(4000);
      e.clock.advance(10_000);
      expect((await waitAttempt(e, 1)).reason).toMatch(/dead/);
    });
  });

  describe('failures', () => {
    it('fails at once on an unparsable URL and never retries', async () => {
      const e = engineFor('not a url');
      e.engine.start();
      expect(e.engine.status).toEqual({
        kind: 'failed',
        reason: '"not a url" is not a URL (expected e.g. http://127.0.0.1:8889)',
        code: 'bad_url',
      });
      expect(e.updates).toEqual([{ type: 'status', status: e.engine.status }]);
      expect(e.clock.pending()).toEqual([]);
      await expect(e.engine.create({ name: 'x' })).rejects.toMatchObject({ code: 'bad_url' });
    });

    it('fails with a clear reason on a server that is not magneto', async () => {
      const server = await setup();
      const e = engineFor(server.url.replace(/\/?$/, '/elsewhere'));
      e.engine.start();
      await until(e.engine, () => kindOf(e.engine) === 'failed');
      // /elsewhere/ws → 404 → polling → both lists 404.
      expect(e.engine.status).toMatchObject({ reason: expect.stringMatching(/^not a magneto server/) });
    });
  });

  describe('stop', () => {
    it('closes the socket, clears every timer and resolves', async () => {
      const server = await setup();
      const e = engineFor(server.url);
      e.engine.start();
      await until(e.engine, () => kindOf(e.engine) === 'live');
      expect(e.clock.pending().length).toBeGreaterThan(0);
      const closed = once(server.connections[0]!.ws, 'close');
      await e.engine.stop();
      expect(e.clock.pending()).toEqual([]);
      await closed;
    });

    it('aborts a list in flight', async () => {
      const server = await setup();
      const held = server.holdLists();
      const e = engineFor(server.url);
      e.engine.start();
      await held.requested;
      await e.engine.stop();
      expect(e.clock.pending()).toEqual([]);
      expect(e.engine.table.size).toBe(0);
      held.release();
    });
  });
});
