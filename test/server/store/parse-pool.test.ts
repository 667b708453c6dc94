import { chmod, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseCassette } from '../../../src/server/store/cassette-file.js';
import {
  defaultParseWorkers,
  PoolFailure,
  startParsePool,
  type ParsePool,
} from '../../../src/server/store/parse-pool.js';
import { readRegularFile } from '../../../src/server/store/read-file.js';
import { BAD, copyFixtures, GOOD, tempDir } from '../../helpers/store-helpers.js';
import { waitUntil } from '../../helpers/wait-until.js';

/** A pool whose workers are all up. */
async function pool(size: number): Promise<ParsePool> {
  const p = await startParsePool(size);
  onTestFinished(() => p.close());
  await waitUntil(() => p.ready, 'a parse worker to be up');
  return p;
}

describe('parse pool', () => {
  it('reads and parses in worker threads exactly what the main thread reads and parses', async () => {
    const dir = await tempDir();
    await copyFixtures(dir, GOOD, BAD);
    const files = (await readdir(dir)).sort();
    const workers = await pool(2);
    const inWorkers = await Promise.all(files.map((f) => workers.load(join(dir, f))));
    const inMain = await Promise.all(
      files.map(async (f) => {
        const read = await readRegularFile(join(dir, f));
        const { ino, mtimeMs, size } = read!.stats;
        return { stamp: { ino, mtimeMs, size }, meta: parseCassette(read!.text).meta };
      }),
    );
    expect(inWorkers).toEqual(inMain);
    expect(inWorkers.filter((f) => f?.meta.error !== undefined).length).toBeGreaterThan(0); // the bad ones too
  });

  it('answers nothing for a missing file, a directory and a symlink, like a read on the main thread', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'target.json'), '{}');
    await symlink(join(dir, 'target.json'), join(dir, 'link.json'));
    await mkdir(join(dir, 'sub.json'));
    const workers = await pool(1);
    for (const name of ['missing.json', 'link.json', 'sub.json']) {
      expect(await workers.load(join(dir, name)), name).toBeUndefined();
    }
  });

  it.skipIf(process.getuid?.() === 0)('rejects with the code of a read that fails (EACCES)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'locked.json'), '{}');
    await chmod(join(dir, 'locked.json'), 0o000);
    const workers = await pool(1);
    await expect(workers.load(join(dir, 'locked.json'))).rejects.toMatchObject({ code: 'EACCES' });
  });

  it('is not ready until a worker is up, and rejects with PoolFailure once closed, so that the store reads the file itself', async () => {
    const workers = await startParsePool(1);
    expect(workers.ready).toBe(false); // the thread is still starting
    await expect(workers.load('/x.json')).rejects.toBeInstanceOf(PoolFailure);
    await waitUntil(() => workers.ready, 'the worker to be up');
    await workers.close();
    expect(workers.ready).toBe(false);
    expect(workers.failure).toBeUndefined(); // closing is no failure
    await expect(workers.load('/x.json')).rejects.toBeInstanceOf(PoolFailure);
  });

  it('has one worker per core up to 8, and none on a single core', () => {
    expect([1, 2, 4, 8, 64].map((n) => defaultParseWorkers(n))).toEqual([0, 2, 4, 8, 8]);
  });
});
