import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Copies the shipped sample cassettes into a fresh temp directory and returns it. */
export async function prepareDemoDir(samplesDir: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'magneto-demo-'));
  await cp(samplesDir, dir, { recursive: true });
  return dir;
}
