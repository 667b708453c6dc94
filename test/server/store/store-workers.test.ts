import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PoolFailure, startParsePool, type ParsePool } from '../../../src/server/store/parse-pool.js';
import type { ServerLog } from '../../../src/server/log.js';
import { BAD, copyFixtures, GOOD, openStore, tempDir } from '../../helpers/store-helpers.js';
import { waitUntil } from '../../helpers/wait-until.js';

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
        // Up before the index starts, so that every file goes to a worker.
        await waitUntil(() => real.ready, 'the parse workers to be up');
        const close = real.close.bind(real);
        return Object.assign(real, { close: () => (closed.push(size), close()) });
      },
    });
    const count = inMain.list().length;
    expect(count).toBeGreaterThan(30);
    expect(inWorkers.list()).toEqual(inMain.list());
    expect(inWorkers.get('0-github-users')).toEqual(inMain.get('0-github-users'));
    expect(lines.find(([, , m]) => m === 'indexed')?.[1]).toMatchObject({
      workers: 2,
      parsed_in_workers: count,
    });
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
    const died: ParsePool = {
      size: 2,
      ready: true,
      failure: undefined,
      load: () => Promise.reject(new PoolFailure('parse worker exited (1)')),
      close: async () => void closed++,
    };
    const neverUp: ParsePool = {
      size: 2,
      ready: false,
      failure: new PoolFailure('parse worker failed: SyntaxError'),
      load: () => Promise.reject(new PoolFailure('no parse worker is ready')),
      close: async () => void closed++,
    };
    const failures = [async () => died, async () => neverUp, () => Promise.reject(new Error('no threads'))];
    for (const parsePool of failures) {
      const { log, lines } = logLines();
      const store = await openStore({ dir, watch: false, workers: 2, workerThreshold: 1, log, parsePool });
      expect(store.list()).toEqual(reference);
      expect(lines.filter(([level]) => level === 'warn').map(([, , m]) => m)).toHaveLength(1);
    }
    expect(closed).toBe(2); // failed pools too: a live worker would keep the process running
  });
});
