import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/server/store/index.js';
import { tempDir } from '../../helpers/store-helpers.js';

describe('atomic write', () => {
  it('replaces a file by rename and returns the stats of what the name now holds', async () => {
    const dir = await tempDir();
    const target = join(dir, 'a.json');
    await writeFile(target, 'old');
    const stats = await writeFileAtomic(target, 'new content');
    expect(await readFile(target, 'utf8')).toBe('new content');
    const now = await stat(target);
    expect([now.ino, now.mtimeMs, now.size]).toEqual([stats.ino, stats.mtimeMs, stats.size]);
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('creates exclusively: EEXIST when the name exists, file untouched, no temp left', async () => {
    const dir = await tempDir();
    const target = join(dir, 'a.json');
    await writeFile(target, 'mine');
    await expect(writeFileAtomic(target, 'theirs', { exclusive: true })).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(await readFile(target, 'utf8')).toBe('mine');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('cleans up its temp file when the final step fails', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'taken.json'));
    await mkdir(join(dir, 'taken.json', 'child'));
    await expect(writeFileAtomic(join(dir, 'taken.json'), 'x')).rejects.toHaveProperty('code');
    expect(await readdir(dir)).toEqual(['taken.json']);
  });

  it('keeps the permission bits it is given', async () => {
    const dir = await tempDir();
    await writeFileAtomic(join(dir, 'p.json'), 'x', { mode: 0o600 });
    expect((await stat(join(dir, 'p.json'))).mode & 0o777).toBe(0o600);
  });
});
