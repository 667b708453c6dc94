import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PoolFailure, startParsePool, type ParsePool } from '../../../src/server/store/parse-pool.js';
import type { ServerLog } from '../../../src/server/log.js';
import { BAD, copyFixtures, GOOD, openStore, tempDir } from '../../helpers/store-helpers.js';

/** The fixtures, good and bad, five times over under different names. */
async function manyFiles(): Promise<string> {
  const dir = await tempDir();
  const src = await tempDir();
  await copyFixtures(src, GOOD, BAD);
  for (const f of await readdir(src)) {
    for (let i = 0; i < 5; i++) await copyFile(join(src, f), join(dir, `${i}-${f}`));
  }
  return dir;
}

function logLines() {
  const lines: Array<[string, Record<string, unknown>, string]> = [];
  const at = (level: string) => (fields: object, message: string) =>
    void lines.push([level, fields as Record<string, unknown>, message]);
  const log: ServerLog = {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
  };
  return { log, lines };
}

describe('store: the first index in worker threads', () => {
  it('lists exactly what the main thread lists, and closes its workers when the index is complete', async () => {
    const dir = await manyFiles();
    const inMain = await openStore({ dir, watch: false, workers: 0 });
    const closed: number[] = [];
    const { log, lines } = logLines();
    const inWorkers = await openStore({
      dir,
      watch: false,
      workers: 2,
      workerThreshold: 10,
      log,
      parsePool: async (size) => {
        const real = await startParsePool(size);
        return { ...real, load: real.load, close: () => (closed.push(size), real.close()) };
      },
    });
    expect(inWorkers.list()).toEqual(inMain.list());
    expect(inWorkers.list().length).toBeGreaterThan(30);
    expect(inWorkers.get('0-github-users')).toEqual(inMain.get('0-github-users'));
    expect(lines.find(([, , m]) => m === 'indexed')?.[1]).toMatchObject({ workers: 2 });
    expect(closed).toEqual([2]);
  });

  it('keeps to the main thread below the threshold', async () => {
    const dir = await manyFiles();
    let started = 0;
    await openStore({
      dir,
      watch: false,
      workers: 2,
      workerThreshold: 1000,
      parsePool: (size) => (started++, startParsePool(size)),
    });
    expect(started).toBe(0);
  });

  it('goes on in the main thread when the workers fail or do not start, and says so', async () => {
    const dir = await manyFiles();
    const reference = (await openStore({ dir, watch: false, workers: 0 })).list();
    let closed = 0;
    const broken: ParsePool = {
      size: 2,
      load: () => Promise.reject(new PoolFailure('parse worker exited (1)')),
      close: async () => void closed++,
    };
    for (const parsePool of [async () => broken, () => Promise.reject(new Error('no threads'))]) {
      const { log, lines } = logLines();
      const store = await openStore({ dir, watch: false, workers: 2, workerThreshold: 1, log, parsePool });
      expect(store.list()).toEqual(reference);
      expect(lines.filter(([level]) => level === 'warn').map(([, , m]) => m)).toHaveLength(1);
    }
    expect(closed).toBe(1); // the failed pool too: a live worker would keep the process running
  });
});
