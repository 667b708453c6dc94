import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { WebSocket } from 'ws';
import { MagnetoError } from '../../src/protocol/index.js';
import { Hub, createMagnetoServer } from '../../src/server/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { MemoryStore } from '../helpers/memory-store.js';
import { startServer, tempDir } from '../helpers/server-harness.js';

/** The few WebSocket members the hub uses, recording what is sent. */
class FakeSocket extends EventEmitter {
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  sent: string[] = [];
  send(data: Buffer): void {
    this.sent.push(data.toString());
  }
  ping(): void {}
  close(): void {
    this.readyState = WebSocket.CLOSING;
  }
  terminate(): void {
    this.readyState = WebSocket.CLOSED;
    this.emit('close');
  }
}
const asWs = (s: FakeSocket): WebSocket => s as unknown as WebSocket;

async function startError(promise: Promise<unknown>): Promise<MagnetoError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MagnetoError);
  return err as MagnetoError;
}

describe('server', () => {
  describe('bind', () => {
    it('refuses a non-loopback host without token or noAuth', () => {
      let err: unknown;
      try {
        createMagnetoServer({ dir: '.', host: '0.0.0.0', store: new MemoryStore() });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MagnetoError);
      expect((err as MagnetoError).code).toBe('insecure_bind');
      expect((err as MagnetoError).message).toMatch(/--token.*--no-auth/);
    });

    it('accepts a non-loopback host with a token or with noAuth', () => {
      expect(() =>
        createMagnetoServer({ dir: '.', host: '0.0.0.0', token: 't', store: new MemoryStore() }),
      ).not.toThrow();
      expect(() =>
        createMagnetoServer({ dir: '.', host: '10.1.2.3', noAuth: true, store: new MemoryStore() }),
      ).not.toThrow();
    });

    it('listens on 127.0.0.1 by default and reports its url and port', async () => {
      const { server, url, port } = await startServer();
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect(server.url).toBe(url);
      expect(server.port).toBe(port);
      expect(port).toBeGreaterThan(0);
    });

    it('reports port_in_use with the port and closes the store', async () => {
      const { port, dir } = await startServer();
      const store = new MemoryStore(dir);
      const second = createMagnetoServer({ dir, port, store });
      const err = await startError(second.listen());
      expect(err.code).toBe('port_in_use');
      expect(err.message).toBe(`port ${port} is already in use`);
      expect(store.closed).toBe(true);
    });

    it('reports listen_failed for other listen errors', async () => {
      const server = createMagnetoServer({ dir: '.', port: 70_000, store: new MemoryStore() });
      expect((await startError(server.listen())).code).toBe('listen_failed');
    });

    it('passes store errors through (missing directory)', async () => {
      const root = await tempDir();
      const server = createMagnetoServer({ dir: join(root, 'missing'), port: 0 });
      const err = await startError(server.listen());
      expect(err.code).not.toMatch(/listen|port/);
      expect(err.message).toContain('missing');
      await server.close();
    });
  });

  describe('hub', () => {
    it('omits dir from Hello unless given (non-loopback servers)', () => {
      const hub = new Hub({ epoch: 'E' });
      const socket = new FakeSocket();
      hub.attach(asWs(socket));
      expect(JSON.parse(socket.sent[0] ?? '')).toEqual({
        type: 'Hello',
        epoch: 'E',
        seq: 0,
        heartbeat_ms: 30_000,
        server: expect.stringMatching(/^magneto-watch\//),
      });
    });

    it('closes a socket over the byte bound with 4008 instead of skipping its event', () => {
      const hub = new Hub({ epoch: 'E', slowConsumerBytes: 10 });
      const socket = new FakeSocket();
      const closes: unknown[] = [];
      socket.close = (...args: unknown[]) => {
        closes.push(args);
        socket.readyState = WebSocket.CLOSING;
      };
      hub.attach(asWs(socket));
      socket.bufferedAmount = 11;
      hub.publish({ type: 'deleted', name: 'x' });
      expect(closes).toEqual([[4008, 'slow consumer']]);
      expect(socket.sent).toHaveLength(1);
      expect(hub.clientCount).toBe(0);
    });

    it('pings on the shared interval and terminates a socket that missed a pong', async () => {
      vi.useFakeTimers();
      onTestFinished(() => void vi.useRealTimers());
      const hub = new Hub({ epoch: 'E', heartbeatMs: 1000 });
      const quiet = new FakeSocket();
      const answering = new FakeSocket();
      let pings = 0;
      quiet.ping = () => void pings++;
      answering.ping = () => answering.emit('pong');
      hub.attach(asWs(quiet));
      hub.attach(asWs(answering));
      hub.start();
      await vi.advanceTimersByTimeAsync(999);
      expect(pings).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(pings).toBe(1);
      expect(quiet.readyState).toBe(WebSocket.OPEN);
      await vi.advanceTimersByTimeAsync(1000);
      expect(quiet.readyState).toBe(WebSocket.CLOSED);
      expect(answering.readyState).toBe(WebSocket.OPEN);
      expect(hub.clientCount).toBe(1);
      await vi.advanceTimersByTimeAsync(5000);
      expect(answering.readyState).toBe(WebSocket.OPEN);
      const closed = hub.close();
      await vi.advanceTimersByTimeAsync(2000);
      await closed;
      expect(answering.readyState).toBe(WebSocket.CLOSED);
    });

    it('terminates sockets that do not finish the close handshake after closeGraceMs and resolves close()', async () => {
      const clock = new FakeClock();
      const hub = new Hub({ epoch: 'E', closeGraceMs: 2000, clock });
      const socket = new FakeSocket();
      hub.attach(asWs(socket));
      let resolved = false;
      const closed = hub.close().then(() => void (resolved = true));
      clock.advance(1999);
      await Promise.resolve();
      expect(socket.readyState).toBe(WebSocket.CLOSING);
      expect(resolved).toBe(false);
      clock.advance(1);
      expect(socket.readyState).toBe(WebSocket.CLOSED);
      await closed;
    });

    it('resolves close() as soon as every socket has closed, and drops the grace timer', async () => {
      const clock = new FakeClock();
      const hub = new Hub({ epoch: 'E', clock });
      const socket = new FakeSocket();
      hub.attach(asWs(socket));
      const closed = hub.close();
      expect(clock.pending()).toEqual([2000]);
      socket.emit('close');
      await closed;
      expect(clock.pending()).toEqual([]);
    });

    it('coalesces events for batch sockets during batchWindowMs of the clock, stamped by it', async () => {
      const clock = new FakeClock(Date.parse('2025-10-27T10:00:00Z'));
      const hub = new Hub({ epoch: 'E', batchWindowMs: 5, clock });
      const socket = new FakeSocket();
      hub.attach(asWs(socket), { batch: true });
      hub.publish({ type: 'deleted', name: 'a' });
      hub.publish({ type: 'deleted', name: 'b' });
      let delivered = false;
      void hub.delivered().then(() => void (delivered = true));
      clock.advance(4);
      await Promise.resolve();
      expect(socket.sent).toHaveLength(1); // Hello only
      expect(delivered).toBe(false);
      clock.advance(1);
      await Promise.resolve();
      expect(delivered).toBe(true);
      expect(socket.sent.slice(1).map((f) => JSON.parse(f) as unknown)).toEqual([
        ['a', 'b'].map((name, i) =>
          expect.objectContaining({ seq: i + 1, name, timestamp: '2025-10-27T10:00:00.000Z' }),
        ),
      ]);
      expect(clock.pending()).toEqual([]);
    });
  });
});
