import { once } from 'node:events';
import { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { VERSION } from '../../src/protocol/index.js';
import { summary } from '../helpers/memory-store.js';
import { connect, type TestClient } from '../helpers/ws-client.js';
import { http } from '../helpers/http.js';
import { startServer } from '../helpers/server-harness.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const KINDS = ['memory', 'real'] as const;
const seqs = (ms: Record<string, unknown>[]): unknown[] => ms.map((m) => m.seq);

async function hello(client: TestClient): Promise<Record<string, unknown>> {
  const m = await client.next();
  expect(m.type).toBe('Hello');
  return m;
}

describe('ws', () => {
  describe('connection', () => {
    it('sends Hello first with epoch, seq, heartbeat, server, the loopback dir and the status', async () => {
      const { wsUrl, server, dir } = await startServer({ heartbeatMs: 12_345 });
      const client = await connect(wsUrl);
      expect(await client.next()).toEqual({
        type: 'Hello',
        epoch: server.epoch,
        seq: 0,
        heartbeat_ms: 12_345,
        server: `magneto-watch/${VERSION}`,
        dir,
        watch: { mode: 'events' },
      });
      expect(client.ws.protocol).toBe('');
    });

    it('answers Ping with Pong and ignores every other client frame', async () => {
      const { wsUrl } = await startServer();
      const client = await connect(wsUrl);
      await hello(client);
      client.ws.send('not json');
      client.ws.send(JSON.stringify({ type: 'Subscribe' }));
      client.ws.send(Buffer.from([1, 2, 3]));
      client.ws.send(JSON.stringify({ type: 'Ping' }));
      expect(await client.next()).toEqual({ type: 'Pong' });
      expect(client.messages).toHaveLength(2);
    });

    it('closes with 1009 when a client frame exceeds 64 KiB', async () => {
      const { wsUrl } = await startServer();
      const client = await connect(wsUrl);
      await hello(client);
      client.ws.send('x'.repeat(64 * 1024 + 1));
      expect((await client.closed).code).toBe(1009);
    });

    it('closes every socket with 1001 on shutdown', async () => {
      const { wsUrl, server } = await startServer();
      const a = await connect(wsUrl);
      const b = await connect(`${wsUrl}?batch=1`);
      await Promise.all([hello(a), hello(b)]);
      await server.close();
      expect((await a.closed).code).toBe(1001);
      expect((await b.closed).code).toBe(1001);
      expect(server.clients).toBe(0);
    });

    it('answers 404 to an upgrade on another path', async () => {
      const { wsUrl } = await startServer();
      await expect(connect(wsUrl.replace(/\/ws$/, '/other'))).rejects.toThrow(/404/);
    });
  });

  describe('events', () => {
    it.each(KINDS)(
      'broadcasts create, update and delete made through the API in the exact shapes (%s store)',
      async (kind) => {
        const { url, wsUrl, server } = await startServer({ kind });
        const client = await connect(wsUrl);
        await hello(client);
        const made = await http(url, 'POST', '/api/cassettes', {
          body: { name: 'fresh', description: 'new one' },
        });
        const edited = await http(url, 'PUT', '/api/cassettes/fresh', { body: { mode: 'replay' } });
        await http(url, 'DELETE', '/api/cassettes/fresh');
        const [created, updated, deleted] = await client.take(3);
        const epoch = server.epoch;
        const ts = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        expect(created).toEqual({
          type: 'CassetteCreated',
          cassette: made.json,
          timestamp: ts,
          seq: 1,
          epoch,
        });
        expect(updated).toEqual({
          type: 'CassetteUpdated',
          cassette: edited.json,
          timestamp: ts,
          seq: 2,
          epoch,
        });
        expect(deleted).toEqual({ type: 'CassetteDeleted', name: 'fresh', timestamp: ts, seq: 3, epoch });
        expect(created?.cassette).toMatchObject({
          name: 'fresh',
          description: 'new one',
          interactions_count: 0,
          recorded_at: ts,
        });
        expect(updated?.cassette).toMatchObject({ mode: 'replay' });
        expect(Object.keys(created ?? {})).toEqual(['type', 'cassette', 'timestamp', 'seq', 'epoch']);
        expect(Object.keys(deleted ?? {})).toEqual(['type', 'name', 'timestamp', 'seq', 'epoch']);
        expect(server.seq).toBe(3);
      },
    );

    it('broadcasts changes seen on disk like API changes', async () => {
      const { wsUrl, memory } = await startServer();
      const client = await connect(wsUrl);
      await hello(client);
      memory?.external({ type: 'created', name: 'rec', summary: summary('rec') });
      memory?.external({ type: 'deleted', name: 'rec' });
      expect((await client.take(2)).map((m) => m.type)).toEqual(['CassetteCreated', 'CassetteDeleted']);
    });

    it.each(KINDS)(
      'sends the event to plain and batch sockets before the HTTP response (%s store)',
      async (kind) => {
        const { url, wsUrl } = await startServer({ kind });
        const plain = await connect(wsUrl);
        const batch = await connect(`${wsUrl}?batch=1`);
        await Promise.all([hello(plain), hello(batch)]);
        const order: string[] = [];
        const send = WebSocket.prototype.send;
        vi.spyOn(WebSocket.prototype, 'send').mockImplementation(function (this: WebSocket, ...args) {
          if ((this as unknown as { _isServer: boolean })._isServer) order.push('ws');
          return send.apply(this, args as Parameters<typeof send>);
        });
        const writeHead = ServerResponse.prototype.writeHead;
        vi.spyOn(ServerResponse.prototype, 'writeHead').mockImplementation(function (
          this: ServerResponse,
          ...args
        ) {
          order.push(`http ${args[0]}`);
          return writeHead.apply(this, args as Parameters<typeof writeHead>);
        });
        const res = await http(url, 'POST', '/api/cassettes', { body: { name: 'ordered' } });
        expect(res.status).toBe(201);
        expect(order).toEqual(['ws', 'ws', 'http 201']);
        expect((await plain.next()).seq).toBe(1);
        expect((await batch.next()).seq).toBe(1);
      },
    );

    it('coalesces concurrent mutations into shared array frames for batch sockets', async () => {
      const { url, wsUrl } = await startServer({ kind: 'real' });
      const batch = await connect(`${wsUrl}?batch=1`);
      await hello(batch);
      const framesBefore = batch.frames.length;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          http(url, 'POST', '/api/cassettes', { body: { name: `burst-${i}` } }),
        ),
      );
      expect(results.every((r) => r.status === 201)).toBe(true);
      const events = await batch.take(20);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      // Every event reached the socket before its response, yet in far fewer frames than events.
      expect(batch.frames.length - framesBefore).toBeLessThan(15);
    });

    it.each(KINDS)('delivers every event in order to 150 simultaneous clients (%s store)', async (kind) => {
      const { url, wsUrl } = await startServer({ kind });
      const clients = await Promise.all(Array.from({ length: 150 }, () => connect(wsUrl)));
      await Promise.all(clients.map(hello));
      for (let i = 0; i < 20; i++) {
        const res = await http(url, 'POST', '/api/cassettes', { body: { name: `c${i}` } });
        expect(res.status).toBe(201);
      }
      const expected = Array.from({ length: 20 }, (_, i) => i + 1);
      for (const c of clients) {
        const got = await c.take(20);
        expect(seqs(got)).toEqual(expected);
        expect(got.map((m) => (m.cassette as { name: string }).name)).toEqual(
          expected.map((s) => `c${s - 1}`),
        );
      }
    });

    it('serves a client written from the original plan alone: no query, one object per frame', async () => {
      const { url, wsUrl, memory } = await startServer();
      const ws = new WebSocket(wsUrl);
      const frames: unknown[] = [];
      ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
      await once(ws, 'open');
      await http(url, 'POST', '/api/cassettes', { body: { name: 'plan' } });
      await http(url, 'PUT', '/api/cassettes/plan', { body: { description: 'd' } });
      memory?.external({
        type: 'updated',
        name: 'alpha',
        summary: summary('alpha', { interactions_count: 2 }),
      });
      await http(url, 'DELETE', '/api/cassettes/plan');
      while (frames.length < 5) await once(ws, 'message');
      ws.close();
      expect(frames.every((f) => !Array.isArray(f))).toBe(true);
      const types = frames.map((f) => (f as { type: string }).type);
      expect(types).toEqual([
        'Hello',
        'CassetteCreated',
        'CassetteUpdated',
        'CassetteUpdated',
        'CassetteDeleted',
      ]);
      for (const f of frames.slice(1, 4)) {
        expect(Object.keys((f as { cassette: object }).cassette)).toEqual(
          expect.arrayContaining(['name', 'description', 'recorded_at', 'interactions_count']),
        );
      }
    });
  });
});
