/** Snapshots a directory tree (without following symlinks) to prove nothing changed. */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative } from 'node:path';

export type TreeSnapshot = Map<string, string>;

/** Path (relative to `root`) → a fingerprint of type, size, content hash, link target. */
export async function snapshotTree(
  root: string,
  skip: (relPath: string) => boolean = () => false,
): Promise<TreeSnapshot> {
  const out: TreeSnapshot = new Map();
  async function walk(dir: string): Promise<void> {
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      const rel = relative(root, path);
      if (skip(rel)) continue;
      const st = await lstat(path);
      if (st.isSymbolicLink()) out.set(rel, `link:${await readlink(path)}`);
      else if (st.isDirectory()) {
        out.set(rel, 'dir');
        await walk(path);
      } else if (st.isFile()) {
        const hash = createHash('sha1')
          .update(await readFile(path))
          .digest('hex');
        out.set(rel, `file:${st.size}:${st.mode.toString(8)}:${hash}`);
      } else out.set(rel, `other:${st.mode.toString(8)}`);
    }
  }
  await walk(root);
  return out;
}

/** Human-readable differences; empty when equal. */
export function diffTrees(before: TreeSnapshot, after: TreeSnapshot): string[] {
  const diffs: string[] = [];
  for (const [path, v] of before) {
    const w = after.get(path);
    if (w === undefined) diffs.push(`removed ${path}`);
    else if (w !== v) diffs.push(`changed ${path}`);
  }
  for (const path of after.keys()) if (!before.has(path)) diffs.push(`created ${path}`);
  return diffs;
}
