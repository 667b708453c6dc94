import { EventEmitter } from 'node:events';
import type { FSWatcher } from 'node:fs';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/server/store/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { GOOD, is, openStore, recordChanges, tempDir, type ChangeLog } from '../../helpers/store-helpers.js';

const cassette = (name: string, interactions = 0, description: string | null = null): string =>
  JSON.stringify(
    {
      version: '1.0',
      name,
      recorded_at: '2025-10-01T12:00:00+02:00',
      description,
      interactions: Array.from({ length: interactions }, (_, i) => ({
        type: 'Http',
        request: { method: 'GET', url: `https://x/${i}`, headers: {}, body: null },
        response: { status: 200, headers: {}, body: [111, 107] },
        recorded_at: '2025-10-01T12:00:00Z',
      })),
    },
    null,
    2,
  );

let markers = 0;
/** Waits until the watcher has processed everything written so far, then returns the changes since `from`. */
async function settle(store: Store, log: ChangeLog, from: number): Promise<unknown[]> {
  const marker = `zz-marker-${++markers}`;
  await writeFile(join(store.dir, `${marker}.json`), cassette(marker));
  await log.waitFor(is('created', marker), from);
  return log.seen.slice(from).filter((c) => c.name !== marker);
}

/** A stand-in for fs.watch that never reports anything unless told to. */
function fakeWatch() {
  const watchers: Array<EventEmitter & { listener: (e: string, f: string | null) => void }> = [];
  const watch = (_dir: string, listener: (e: string, f: string | null) => void): FSWatcher => {
    const w = Object.assign(new EventEmitter(), { listener, close: () => undefined });
    watchers.push(w);
    return w as unknown as FSWatcher;
  };
  return { watch, watchers };
}

describe('store', () => {
  describe('watching external changes', () => {
    it('turns an external create, modify and delete into one change each', async () => {
      const dir = await tempDir();
      const store = await openStore({ dir });
      const log = recordChanges(store);
      const path = join(dir, 'recorded.json');

      let mark = log.mark();
      await writeFile(path, cassette('recorded', 1));
      const created = await log.waitFor(is('created', 'recorded'), mark);
      expect(created).toMatchObject({
        summary: { name: 'recorded', interactions_count: 1, recorded_at: '2025-10-01T10:00:00Z' },
      });
      expect(await settle(store, log, mark)).toHaveLength(1);

      mark = log.mark();
      await writeFile(path, cassette('recorded', 2, 'more'));
      const updated = await log.waitFor(is('updated', 'recorded'), mark);
      expect(updated).toMatchObject({ summary: { interactions_count: 2, description: 'more' } });
      expect(await settle(store, log, mark)).toHaveLength(1);

      mark = log.mark();
      await rm(path);
      await log.waitFor(is('deleted', 'recorded'), mark);
      expect(await settle(store, log, mark)).toEqual([{ type: 'deleted', name: 'recorded' }]);
      expect(store.get('recorded')).toBeUndefined();
    });

    it('reports a change within 250 ms of the last write', async () => {
      const store = await openStore({ dir: await tempDir() });
      const log = recordChanges(store);
      const t0 = performance.now();
      await writeFile(join(store.dir, 'quick.json'), cassette('quick'));
      const written = performance.now();
      await log.waitFor(is('created', 'quick'));
      expect(performance.now() - written).toBeLessThan(250);
      expect(written - t0).toBeLessThan(250);
    });

    it('gives one change with the final content for a recorder writing in place in chunks', async () => {
      const dir = await tempDir();
      await writeFile(join(dir, 'rec.json'), cassette('rec', 1));
      const store = await openStore({ dir });
      const log = recordChanges(store);
      const text = cassette('rec', 40);
      const handle = await open(join(dir, 'rec.json'), 'r+');
      await handle.truncate(0);
      const step = Math.ceil(text.length / 5);
      for (let i = 0; i < text.length; i += step) await handle.write(text.slice(i, i + step), i);
      await handle.close();
      const change = await log.waitFor(
        (c) => c.name === 'rec' && c.type === 'updated' && c.summary.error === undefined,
      );
      expect(change).toMatchObject({
        summary: { interactions_count: 40, size_bytes: Buffer.byteLength(text) },
      });
      expect(await settle(store, log, 0)).toHaveLength(1);
    });

    it('heals a transient half-written parse failure on the next event', async () => {
      const dir = await tempDir();
      const store = await openStore({ dir });
      const log = recordChanges(store);
      const text = cassette('half', 3);
      const path = join(dir, 'half.json');
      await writeFile(path, text.slice(0, 100));
      const broken = await log.waitFor(is('created', 'half'));
      expect(broken).toMatchObject({
        summary: { error: 'invalid JSON at position 100', interactions_count: null },
      });
      const mark = log.mark();
      await writeFile(path, text.slice(100), { flag: 'a' });
      const healed = await log.waitFor(is('updated', 'half'), mark);
      expect(healed).toMatchObject({ summary: { interactions_count: 3 } });
      expect(store.get('half')?.error).toBeUndefined();
    });

    it('sees a file renamed into place, over an existing one, and renamed away', async () => {
      const dir = await tempDir();
      const store = await openStore({ dir });
      const log = recordChanges(store);
      let mark = log.mark();
      await writeFile(join(dir, '.incoming'), cassette('moved', 1));
      await rename(join(dir, '.incoming'), join(dir, 'moved.json'));
      await log.waitFor(is('created', 'moved'), mark);

      mark = log.mark();
      await writeFile(join(dir, 'staging.txt'), cassette('moved', 2));
      await rename(join(dir, 'staging.txt'), join(dir, 'moved.json'));
      expect(await log.waitFor(is('updated', 'moved'), mark)).toMatchObject({
        summary: { interactions_count: 2 },
      });

      mark = log.mark();
      await rename(join(dir, 'moved.json'), join(dir, 'moved.json.bak'));
      await log.waitFor(is('deleted', 'moved'), mark);
      expect(await settle(store, log, mark)).toEqual([{ type: 'deleted', name: 'moved' }]);
    });

    it('copies fixtures in and lists them like a fresh scan', async () => {
      const dir = await tempDir();
      const store = await openStore({ dir });
      const log = recordChanges(store);
      for (const f of ['github-users.json', 'session-cookies.json']) {
        await writeFile(join(dir, f), await readFile(join(GOOD, f)));
      }
      await log.waitFor(is('created', 'session-cookies'));
      await log.waitFor(is('created', 'github-users'));
      expect(store.list().map((s) => s.name)).toEqual(['github-users', 'session-cookies']);
    });
  });

  describe('safety nets', () => {
    it('rescans everything when the watcher fails', async () => {
      const dir = await tempDir();
      const fake = fakeWatch();
      const store = await openStore({ dir, watchFn: fake.watch, reconcileMs: 0, probeMs: 0 });
      const log = recordChanges(store);
      await writeFile(join(dir, 'missed.json'), cassette('missed'));
      fake.watchers[0]!.emit('error', new Error('inotify queue overflow'));
      await log.waitFor(is('created', 'missed'));
    });

    it('rescans when an event has no file name', async () => {
      const dir = await tempDir();
      const fake = fakeWatch();
      const store = await openStore({ dir, watchFn: fake.watch, reconcileMs: 0, probeMs: 0 });
      const log = recordChanges(store);
      await writeFile(join(dir, 'anon.json'), cassette('anon'));
      fake.watchers[0]!.listener('rename', null);
      await log.waitFor(is('created', 'anon'));
    });

    it('finds missed changes with the periodic stat-only reconcile, on an unref’d timer', async () => {
      const dir = await tempDir();
      await writeFile(join(dir, 'gone.json'), cassette('gone'));
      const fake = fakeWatch();
      const clock = new FakeClock();
      const store = await openStore({ dir, watchFn: fake.watch, reconcileMs: 30_000, clock, probeMs: 0 });
      const log = recordChanges(store);
      await writeFile(join(dir, 'silent.json'), cassette('silent'));
      await rm(join(dir, 'gone.json'));
      // The store's only timer is the safety net, armed for one period on its clock.
      expect(clock.pending({ unref: true })).toEqual([30_000]);
      expect(clock.pending({ unref: false })).toEqual([]);
      clock.advance(30_000);
      await log.waitFor(is('created', 'silent'));
      await log.waitFor(is('deleted', 'gone'));
      expect(clock.pending()).toEqual([30_000]);
    });

    it('stops reporting after close', async () => {
      const dir = await tempDir();
      const closed = await openStore({ dir });
      const closedLog = recordChanges(closed);
      await closed.close();
      const witness = await openStore({ dir });
      const log = recordChanges(witness);
      await writeFile(join(dir, 'after.json'), cassette('after'));
      await log.waitFor(is('created', 'after'));
      expect(closedLog.seen).toEqual([]);
    });
  });
});
