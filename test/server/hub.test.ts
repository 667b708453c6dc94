import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../helpers/fake-clock.js';
import { summary } from '../helpers/memory-store.js';
import { connect, type TestClient } from '../helpers/ws-client.js';
import { startServer, type Started } from '../helpers/server-harness.js';

const seqs = (ms: Record<string, unknown>[]): unknown[] => ms.map((m) => m.seq);
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Emits `n` external changes (numbered from `start`) through the memory store. */
function emit(s: Started, n: number, start = 0, description: string | null = null): void {
  for (let i = start; i < start + n; i++) {
    s.memory?.external({ type: 'created', name: `e${i}`, summary: summary(`e${i}`, { description }) });
  }
}

async function hello(client: TestClient): Promise<Record<string, unknown>> {
  const m = await client.next();
  expect(m.type).toBe('Hello');
  return m;
}

describe('hub', () => {
  describe('resume', () => {
    it('replays events after since when the epoch matches, then goes live', async () => {
      const s = await startServer();
      emit(s, 5);
      const client = await connect(`${s.wsUrl}?since=2&epoch=${s.server.epoch}`);
      expect((await hello(client)).seq).toBe(5);
      expect(seqs(await client.take(3))).toEqual([3, 4, 5]);
      emit(s, 1, 5);
      expect((await client.next()).seq).toBe(6);
      expect(client.messages.some((m) => m.type === 'Resync')).toBe(false);
    });

    it('replays nothing when since is the current seq', async () => {
      const s = await startServer();
      emit(s, 3);
      const client = await connect(`${s.wsUrl}?since=3&epoch=${s.server.epoch}`);
      await hello(client);
      emit(s, 1, 3);
      expect(await client.next()).toMatchObject({ type: 'CassetteCreated', seq: 4 });
    });

    it('replays byte-identical frames', async () => {
      const s = await startServer();
      const live = await connect(s.wsUrl);
      await hello(live);
      emit(s, 2);
      await live.take(2);
      const resumed = await connect(`${s.wsUrl}?since=0&epoch=${s.server.epoch}`);
      await hello(resumed);
      await resumed.take(2);
      expect(resumed.frames.slice(1)).toEqual(live.frames.slice(1));
    });

    it.each([
      ['a foreign epoch', (e: string) => `since=1&epoch=${e}x`, 'epoch'],
      ['a missing epoch', () => 'since=1', 'epoch'],
      ['since ahead of seq', (e: string) => `since=99&epoch=${e}`, 'ahead'],
      ['since out of the ring', (e: string) => `since=2&epoch=${e}`, 'too_old'],
      ['a non-numeric since', (e: string) => `since=abc&epoch=${e}`, 'too_old'],
    ])('sends Resync for %s, then live events', async (_label, query, reason) => {
      const s = await startServer({ ringSize: 5 });
      emit(s, 10);
      const client = await connect(`${s.wsUrl}?${query(s.server.epoch)}`);
      await hello(client);
      expect(await client.next()).toEqual({ type: 'Resync', epoch: s.server.epoch, seq: 10, reason });
      emit(s, 1, 10);
      expect(await client.next()).toMatchObject({ type: 'CassetteCreated', seq: 11 });
    });

    it('replays the whole ring when since is just before its oldest event', async () => {
      const s = await startServer({ ringSize: 5 });
      emit(s, 10);
      const client = await connect(`${s.wsUrl}?since=5&epoch=${s.server.epoch}`);
      await hello(client);
      expect(seqs(await client.take(5))).toEqual(range(6, 10));
    });

    it('sends no Resync without since', async () => {
      const s = await startServer();
      emit(s, 2);
      const client = await connect(`${s.wsUrl}?epoch=whatever`);
      await hello(client);
      emit(s, 1, 2);
      expect(await client.next()).toMatchObject({ type: 'CassetteCreated', seq: 3 });
    });
  });

  describe('batch', () => {
    it('sends arrays that decode to the same sequence as single frames', async () => {
      const s = await startServer();
      const plain = await connect(s.wsUrl);
      const batch = await connect(`${s.wsUrl}?batch=1`);
      await Promise.all([hello(plain), hello(batch)]);
      emit(s, 30);
      await plain.take(30);
      await batch.take(30);
      expect(batch.messages).toEqual(plain.messages);
      const frames = batch.frames.slice(1).map((f) => JSON.parse(f) as unknown);
      expect(frames.every(Array.isArray)).toBe(true);
      expect(frames.length).toBeLessThan(30); // coalesced within the batch window
      expect(plain.frames.slice(1).every((f) => !f.startsWith('['))).toBe(true);
    });

    it('replays to a batch client as arrays without duplicating pending events', async () => {
      const s = await startServer();
      const early = await connect(`${s.wsUrl}?batch=1`);
      await hello(early);
      emit(s, 3); // pending for `early` until the next tick
      const late = await connect(`${s.wsUrl}?batch=1&since=1&epoch=${s.server.epoch}`);
      await hello(late);
      emit(s, 1, 3);
      expect(seqs(await late.take(3))).toEqual([2, 3, 4]);
      expect(seqs(await early.take(4))).toEqual([1, 2, 3, 4]);
      expect(JSON.parse(late.frames[1] ?? '')).toHaveLength(2);
    });
  });

  describe('heartbeat', () => {
    /**
     * Resolves once the server has read everything `client` sent so far (an automatic pong
     * included): an application Ping is answered only after the frames ahead of it.
     */
    async function roundTrip(client: TestClient): Promise<void> {
      client.ws.send(JSON.stringify({ type: 'Ping' }));
      expect(await client.next()).toEqual({ type: 'Pong' });
    }

    it('pings every socket once per period of the clock, on an unref’d timer', async () => {
      const clock = new FakeClock();
      const s = await startServer({ heartbeatMs: 1000, clock });
      expect(clock.pending({ unref: true })).toEqual([1000]);
      const client = await connect(s.wsUrl);
      await hello(client);
      let pings = 0;
      client.ws.on('ping', () => pings++);
      clock.advance(999);
      await roundTrip(client); // a ping sent before the Pong would have arrived before it
      expect(pings).toBe(0);
      clock.advance(1);
      await once(client.ws, 'ping');
      await roundTrip(client);
      clock.advance(1000);
      await once(client.ws, 'ping');
      await roundTrip(client);
      expect(pings).toBe(2);
      expect(client.ws.readyState).toBe(client.ws.OPEN);
    });

    it('terminates a socket that did not answer the previous ping, and keeps the others', async () => {
      const clock = new FakeClock();
      const s = await startServer({ heartbeatMs: 1000, clock });
      const alive = await connect(s.wsUrl);
      const dead = await connect(s.wsUrl, { autoPong: false });
      await Promise.all([hello(alive), hello(dead)]);
      clock.advance(1000);
      await once(alive.ws, 'ping');
      await roundTrip(alive); // its pong has been read
      await roundTrip(dead); // one unanswered ping is not enough
      const pinged = once(alive.ws, 'ping');
      clock.advance(1000);
      expect((await dead.closed).code).toBe(1006);
      await pinged;
      expect(alive.ws.readyState).toBe(alive.ws.OPEN);
      expect(s.server.clients).toBe(1);
    });
  });

  describe('slow consumers', () => {
    it('closes a socket that stops reading with 4008 after a gap-free prefix; the others keep receiving', async () => {
      const s = await startServer({ slowConsumerBytes: 64 * 1024 });
      const fast = await connect(s.wsUrl);
      const slow = await connect(s.wsUrl);
      await Promise.all([hello(fast), hello(slow)]);
      const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      socket.pause();
      const big = 'x'.repeat(256 * 1024);
      let n = 0;
      // One event at a time, each read by `fast`, until the server gives up on `slow`.
      while (s.server.clients === 2) {
        expect(n).toBeLessThan(400);
        emit(s, 1, n++, big);
        await fast.next();
      }
      emit(s, 1, n++);
      expect((await fast.next()).seq).toBe(n);
      socket.resume();
      expect(await slow.closed).toEqual({ code: 4008, reason: 'slow consumer' });
      const received = slow.messages.slice(1);
      expect(seqs(received)).toEqual(range(1, received.length));
      expect(received.length).toBeLessThan(n);
    });
  });
});
