import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import type { StoreChange } from '../../src/server/types.js';
import { createStore, type Store, type StoreOptions } from '../../src/server/store/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const GOOD = join(FIXTURES, 'cassettes');
export const BAD = join(FIXTURES, 'bad');

/** A fresh temp directory, removed when the test ends. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-store-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Copies every file of the fixture folders into `dir`. */
export async function copyFixtures(dir: string, ...from: string[]): Promise<void> {
  for (const src of from) {
    for (const f of await readdir(src)) await cp(join(src, f), join(dir, f));
  }
}

/** A started store closed at the end of the test. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = createStore(options);
  onTestFinished(() => store.close());
  await store.start();
  return store;
}

export interface ChangeLog {
  readonly seen: StoreChange[];
  /** Index of the next change, to wait for changes that come after an action. */
  mark(): number;
  /** Resolves with the first change at or after `from` (default: the first ever) matching `pred`; rejects after `timeoutMs`. */
  waitFor(pred: (c: StoreChange) => boolean, from?: number, timeoutMs?: number): Promise<StoreChange>;
}

/** Records every change of `store` and lets a test wait for one without sleeping. */
export function recordChanges(store: Pick<Store, 'onChange'>): ChangeLog {
  const seen: StoreChange[] = [];
  const waiters = new Set<{ pred: (c: StoreChange) => boolean; resolve: (c: StoreChange) => void }>();
  const off = store.onChange((c) => {
    seen.push(c);
    for (const w of waiters) {
      if (w.pred(c)) {
        waiters.delete(w);
        w.resolve(c);
      }
    }
  });
  onTestFinished(off);
  return {
    seen,
    mark: () => seen.length,
    waitFor(pred, from = 0, timeoutMs = 3000) {
      const hit = seen.slice(from).find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(
            new Error(`no matching change within ${timeoutMs} ms; saw ${JSON.stringify(seen.slice(from))}`),
          );
        }, timeoutMs);
        const w = {
          pred,
          resolve: (c: StoreChange) => {
            clearTimeout(timer);
            resolve(c);
          },
        };
        waiters.add(w);
      });
    },
  };
}

export const is =
  (type: StoreChange['type'], name: string) =>
  (c: StoreChange): boolean =>
    c.type === type && c.name === name;
