import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsence } from './store-errors.js';

/** Never a symlink (O_NOFOLLOW), never blocked on a FIFO (O_NONBLOCK). */
const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** A file's content and the stats it was read at. */
export interface FileRead {
  stats: Stats;
  text: string;
}

/**
 * Reads a regular file whole: never a symlink or a FIFO (O_NOFOLLOW, O_NONBLOCK). Undefined
 * when it is absent or not a regular file; other errors (EACCES…) are thrown. The store's
 * main thread reads this way; its parse workers use {@link readRegularFileSync}.
 */
export async function readRegularFile(path: string): Promise<FileRead | undefined> {
  let handle;
  try {
    handle = await open(path, FLAGS);
  } catch (err) {
    if (isAbsence(err)) return undefined;
    throw err;
  }
  try {
    // fstat before reading: if the file changes meanwhile, the next event sees new stats.
    const stats = await handle.stat();
    if (!stats.isFile()) return undefined;
    // One read of the size fstat saw (readFile would stat again and read in chunks); growth
    // after the fstat shows up as a later event with new stats.
    const buf = Buffer.allocUnsafe(stats.size);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await handle.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { stats, text: buf.toString('utf8', 0, got) };
  } finally {
    await handle.close();
  }
}

/**
 * {@link readRegularFile} with blocking calls, for a parse worker: it has nothing else to do
 * meanwhile, and the four calls per file then cost no trip through libuv's thread pool (a
 * third of a worker's time when they did, in a profile of 10 000 files).
 */
export function readRegularFileSync(path: string): FileRead | undefined {
  let fd;
  try {
    fd = openSync(path, FLAGS);
  } catch (err) {
    if (isAbsence(err)) return undefined;
    throw err;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return undefined;
    const buf = Buffer.allocUnsafe(stats.size);
    let got = 0;
    while (got < buf.length) {
      const bytesRead = readSync(fd, buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { stats, text: buf.toString('utf8', 0, got) };
  } finally {
    closeSync(fd);
  }
}
