/**
 * The browser entry point of the client (client/browser.ts) driven in Node by undici's
 * WebSocket and fetch, which follow the same standards as a browser's: no headers and no
 * ping frames on the socket, and no status for a refused upgrade.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fetch, WebSocket } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createSync, type BrowserSyncOptions, type StandardWebSocketCtor } from '../../src/client/browser.js';
import { isSubprotocolToken } from '../../src/client/standard-wire.js';
import { startFakeMagneto } from '../helpers/fake-magneto.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { startServer } from '../helpers/server-harness.js';
import { kindOf, rows, until } from '../helpers/watch-engine.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** undici's WebSocket, counting its instances and the subprotocols each offered. */
function standardSockets() {
  const offered: Array<string | string[] | undefined> = [];
  class Counted extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      offered.push(protocols);
    }
  }
  return { WebSocket: Counted as unknown as StandardWebSocketCtor, offered };
}

function engineFor(url: string, options: Partial<BrowserSyncOptions> = {}) {
  const sockets = standardSockets();
  const engine = createSync({
    url,
    random: () => 1,
    WebSocket: sockets.WebSocket,
    fetch: (u, init) => fetch(u, init),
    ...options,
  });
  cleanups.push(() => engine.stop());
  return { engine, offered: sockets.offered };
}

async function closedPort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

describe('the client with a standard WebSocket (as in a browser)', () => {
  it('goes live against a real server and applies its events', async () => {
    const { url } = await startServer({ kind: 'real' });
    const { engine, offered } = engineFor(url);
    engine.start();
    await until(engine, () => kindOf(engine) === 'live');
    expect(offered).toEqual([undefined]);
    const created = await fetch(`${url}/api/cassettes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'from-the-api' }),
    });
    expect(created.status).toBe(201);
    await until(engine, () => engine.table.has('from-the-api'));
    const listed = (await (await fetch(`${url}/api/cassettes`)).json()) as { 'hydra:member': unknown[] };
    expect(rows(engine)).toHaveLength(listed['hydra:member'].length);
  });

  it('offers the token as the bearer subprotocol, which a server with a token accepts', async () => {
    const { url } = await startServer({ kind: 'real', token: 'tok-9' });
    const { engine, offered } = engineFor(url, { token: 'tok-9' });
    engine.start();
    await until(engine, () => kindOf(engine) === 'live');
    expect(offered).toEqual([['magneto.v1', 'bearer.tok-9']]);
  });

  it('pings with a {"type":"Ping"} message, since it cannot send ping frames', async () => {
    const server = await startFakeMagneto();
    cleanups.push(() => server.close());
    const clock = new FakeClock();
    const { engine } = engineFor(server.url, { clock, pingIntervalMs: 1000 });
    const connected = server.nextConnection();
    engine.start();
    const conn = await connected;
    await until(engine, () => kindOf(engine) === 'live');
    const received = once(conn.ws, 'message');
    clock.advance(1000);
    const [data] = (await received) as [Buffer];
    expect(data.toString('utf8')).toBe('{"type":"Ping"}');
  });

  describe('when /ws fails without saying why', () => {
    it('asks the list and fails with unauthorized on a 401 (the page then asks for a token)', async () => {
      const { url } = await startServer({ kind: 'real', token: 'tok-9' });
      const { engine } = engineFor(url);
      engine.start();
      await until(engine, () => kindOf(engine) === 'failed');
      expect(engine.status).toMatchObject({
        kind: 'failed',
        reason: '401 Unauthorized: check the token',
        code: 'unauthorized',
      });
    });

    it('says it is reconnecting, with the network error of the list, while the server is down', async () => {
      const { engine } = engineFor(`http://127.0.0.1:${await closedPort()}`);
      engine.start();
      await until(engine, () => kindOf(engine) === 'reconnecting');
      expect(engine.status).toMatchObject({ kind: 'reconnecting', attempt: 1 });
      expect((engine.status as { reason: string }).reason).toMatch(
        /^cannot reach http:\/\/127\.0\.0\.1:\d+: /,
      );
    });

    it('polls a server that has no /ws (upstream magneto-serge)', async () => {
      const upstream = await startFakeUpstream();
      cleanups.push(() => upstream.close());
      const { engine } = engineFor(upstream.url);
      engine.start();
      await until(engine, () => kindOf(engine) === 'polling');
    });

    it('retries when the list answers but /ws refused (e.g. a foreign Origin)', async () => {
      const server = await startFakeMagneto();
      cleanups.push(() => server.close());
      server.upgradeStatus = 403;
      const { engine } = engineFor(server.url);
      engine.start();
      await until(engine, () => kindOf(engine) === 'reconnecting');
      expect(engine.status).toMatchObject({ reason: '/ws refused the connection' });
    });
  });

  it('fails at once, without connecting, on a token a browser cannot offer as a subprotocol', async () => {
    const server = await startFakeMagneto();
    cleanups.push(() => server.close());
    const { engine, offered } = engineFor(server.url, { token: 'a/b=' });
    engine.start();
    await until(engine, () => kindOf(engine) === 'failed');
    expect(engine.status).toMatchObject({
      reason: 'this token cannot be sent by a browser: use letters, digits and - . _ ~ only',
      code: 'unauthorized',
    });
    expect(offered).toEqual([]);
    expect(server.upgradeAttempts).toBe(0);
  });

  it('knows which tokens are subprotocol tokens (RFC 7230 tchar)', () => {
    for (const ok of ['abc', 'A-Z_0.9~', "x!#$%&'*+^`|"]) expect(isSubprotocolToken(ok), ok).toBe(true);
    for (const bad of ['', 'a b', 'a/b', 'a=b', 'a,b', 'é', 'a"b'])
      expect(isSubprotocolToken(bad), bad).toBe(false);
  });
});
