/** Temporary directories under os.tmpdir(), removed at the end of the run. */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

// The global time bound exits with process.exit(), which skips every `finally`:
// remove what is left synchronously on the way out.
process.once('exit', () => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `mw-bench-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Removes a directory made elsewhere (e.g. under the repo's .bench-tmp/) at the end of the run too. */
export function trackTempDir(dir: string): void {
  made.push(dir);
}

/** Removes one directory now (large per-case data), instead of at the end of the run. */
export async function removeTempDir(dir: string): Promise<void> {
  const i = made.indexOf(dir);
  if (i >= 0) made.splice(i, 1);
  await rm(dir, { recursive: true, force: true });
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}
