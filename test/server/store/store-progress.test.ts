import { readdir } from 'node:fs/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ServerStatus } from '../../../src/protocol/index.js';
import { createStore } from '../../../src/server/store/index.js';
import type { StoreChange } from '../../../src/server/types.js';
import { copyFixtures, GOOD, tempDir } from '../../helpers/store-helpers.js';

async function fixtureDir(): Promise<{ dir: string; names: string[] }> {
  const dir = await tempDir();
  await copyFixtures(dir, GOOD);
  const names = (await readdir(dir)).map((f) => f.slice(0, -'.json'.length)).sort();
  return { dir, names };
}

describe('store: the first index', () => {
  it('opens the directory without reading a file: nothing listed, progress 0 of every file', async () => {
    const { dir, names } = await fixtureDir();
    const store = createStore({ dir, watch: false });
    onTestFinished(() => store.close());
    await store.open();
    expect(store.list()).toEqual([]);
    expect(store.status()).toEqual({ indexing: { done: 0, total: names.length } });
    await store.start();
    expect(store.list().map((s) => s.name)).toEqual(names);
    expect(store.status()).toEqual({});
  });

  it('emits each indexed file as a creation to a listener subscribed before start', async () => {
    const { dir, names } = await fixtureDir();
    const store = createStore({ dir, watch: false });
    onTestFinished(() => store.close());
    const changes: StoreChange[] = [];
    store.onChange((c) => changes.push(c));
    await store.start();
    expect(changes.map((c) => c.type)).toEqual(names.map(() => 'created'));
    // Each creation carries the summary the list then holds: folding them gives the list.
    const folded = new Map(changes.map((c) => [c.name, c.type === 'created' ? c.summary : undefined]));
    expect(names.map((n) => folded.get(n))).toEqual(store.list());
  });

  it('reports its progress once per indexed file, then a status without `indexing`', async () => {
    const { dir, names } = await fixtureDir();
    const store = createStore({ dir, probeMs: 0 });
    onTestFinished(() => store.close());
    const seen: ServerStatus[] = [];
    store.onStatus((s) => seen.push(s));
    await store.start();
    const total = names.length;
    expect(seen).toEqual([
      ...Array.from({ length: total + 1 }, (_, done) => ({
        watch: { mode: 'events' },
        indexing: { done, total },
      })),
      { watch: { mode: 'events' } },
    ]);
    expect(store.status()).toEqual({ watch: { mode: 'events' } });
  });
});
