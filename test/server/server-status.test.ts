import { describe, expect, it } from 'vitest';
import { http } from '../helpers/http.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { MemoryStore, summary } from '../helpers/memory-store.js';
import { startServer } from '../helpers/server-harness.js';
import { connect } from '../helpers/ws-client.js';

const POLL = {
  mode: 'poll',
  interval_ms: 1000,
  reason: 'fs.watch failed: ENOSPC (the inotify watch limit is reached; raise fs.inotify.max_user_watches)',
} as const;

describe('server status (protocol.md §3.7)', () => {
  it('answers /health with how the directory is watched, and the first index while it runs', async () => {
    const store = new MemoryStore();
    const { url } = await startServer({ store });
    expect((await http(url, 'GET', '/health')).json).toEqual({
      status: 'healthy',
      version: expect.any(String),
      uptime_seconds: expect.any(Number),
      watch: { mode: 'events' },
    });
    store.setStatus({ watch: POLL, indexing: { done: 3, total: 10 } });
    expect((await http(url, 'GET', '/health')).json).toMatchObject({
      status: 'healthy',
      watch: POLL,
      indexing: { done: 3, total: 10 },
    });
  });

  it('puts the status in Hello, and tells every socket when it changes, after the events published before', async () => {
    const store = new MemoryStore();
    const { wsUrl } = await startServer({ store });
    const plain = await connect(wsUrl);
    const batch = await connect(`${wsUrl}?batch=1`);
    for (const client of [plain, batch]) {
      expect(await client.next()).toMatchObject({ type: 'Hello', seq: 0, watch: { mode: 'events' } });
    }
    store.external({ type: 'created', name: 'late', summary: summary('late') });
    store.setStatus({ watch: POLL });
    for (const client of [plain, batch]) {
      expect(await client.take(2)).toEqual([
        expect.objectContaining({ type: 'CassetteCreated', seq: 1 }),
        { type: 'Status', watch: POLL },
      ]);
    }
    // Batched events still travel as one array frame; the Status is a frame of its own.
    expect(batch.frames.slice(1)).toEqual([
      expect.stringMatching(/^\[\{"type":"CassetteCreated"/),
      JSON.stringify({ type: 'Status', watch: POLL }),
    ]);
    const late = await connect(wsUrl);
    expect(await late.next()).toMatchObject({ type: 'Hello', seq: 1, watch: POLL });
  });

  describe('indexing in the background', () => {
    it('listens before the index is complete; each indexed file is a creation, and progress comes at most every 100 ms', async () => {
      const clock = new FakeClock();
      const store = new MemoryStore('/memory/cassettes', []);
      const items = ['a', 'b', 'c'].map((n) => summary(n));
      store.holdIndex(items);
      const { url, wsUrl } = await startServer({ store, clock, indexInBackground: true });
      const client = await connect(wsUrl);
      expect(await client.next()).toEqual(
        expect.objectContaining({ type: 'Hello', seq: 0, indexing: { done: 0, total: 3 } }),
      );
      expect((await http(url, 'GET', '/api/cassettes')).json).toMatchObject({
        seq: 0,
        'hydra:totalItems': 0,
      });

      store.indexNext(2);
      expect(await client.take(2)).toEqual([
        expect.objectContaining({ type: 'CassetteCreated', seq: 1, cassette: items[0] }),
        expect.objectContaining({ type: 'CassetteCreated', seq: 2, cassette: items[1] }),
      ]);
      expect(clock.pending({ unref: false })).toEqual([100]); // the progress waits for its slot
      clock.advance(100);
      expect(await client.next()).toEqual({
        type: 'Status',
        watch: { mode: 'events' },
        indexing: { done: 2, total: 3 },
      });
      store.indexNext();
      // The end of the index is announced at once, after the last creation.
      expect(await client.take(2)).toEqual([
        expect.objectContaining({ type: 'CassetteCreated', seq: 3, cassette: items[2] }),
        { type: 'Status', watch: { mode: 'events' } },
      ]);
      expect((await http(url, 'GET', '/api/cassettes')).json).toMatchObject({
        seq: 3,
        'hydra:totalItems': 3,
      });
      expect((await http(url, 'GET', '/health')).json).not.toHaveProperty('indexing');
    });

    it('indexes before listening without the option: no creation events, seq 0', async () => {
      const store = new MemoryStore('/memory/cassettes', []);
      store.holdIndex([summary('a')]);
      let listening = false;
      const started = startServer({ store }).then((s) => ((listening = true), s));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(listening).toBe(false);
      store.indexNext();
      const { url } = await started;
      expect((await http(url, 'GET', '/api/cassettes')).json).toMatchObject({
        seq: 0,
        'hydra:totalItems': 1,
      });
    });
  });
});
