import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /**
   * Create only: `link` the temp file to the target, which fails with `EEXIST` when the
   * target exists, so that of N concurrent creators exactly one wins. Otherwise `rename`.
   * @default false
   */
  exclusive?: boolean;
  /** Permission bits of the new file (an update keeps the old file's). @default 0o644 */
  mode?: number;
}

/** A hidden (dot) name in the target's directory, unique per call, so watchers ignore it. */
function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes `data` to `target` so that a reader never sees a partial file: unique temp file in
 * the same directory, write, fsync, close, then rename (or link + unlink when exclusive).
 * Resolves with the stats of the written inode, which the target now names; errors are the
 * raw `NodeJS.ErrnoException`s (EEXIST for an exclusive create that lost). The temp file is
 * removed on every path.
 */
export async function writeFileAtomic(
  target: string,
  data: string,
  options: AtomicWriteOptions = {},
): Promise<Stats> {
  const temp = tempPathFor(target);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', options.mode ?? 0o644);
    if (options.mode !== undefined) await handle.chmod(options.mode); // umask would otherwise narrow it
    await handle.writeFile(data, 'utf8');
    await handle.sync();
    const stats = await handle.stat();
    await handle.close();
    handle = undefined;
    if (options.exclusive) {
      await link(temp, target);
      await unlink(temp).catch(() => undefined); // the target is in place; a stray dot file is harmless
    } else {
      await rename(temp, target);
    }
    await syncDir(dirname(target));
    return stats;
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** Makes the rename itself durable; best effort (some filesystems refuse to fsync a directory). */
async function syncDir(dir: string): Promise<void> {
  let h: FileHandle | undefined;
  try {
    h = await open(dir, 'r');
    await h.sync();
  } catch {
    // ignored: durability of the directory entry is a bonus, atomicity does not depend on it
  } finally {
    await h?.close().catch(() => undefined);
  }
}
