/**
 * A temp "parent" directory holding the cassette directory and bait files next to it,
 * so tests can prove that nothing outside the cassette directory is read or touched.
 */
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GOOD_FIXTURES = fileURLToPath(new URL('../fixtures/cassettes/', import.meta.url));
export const BAD_FIXTURES = fileURLToPath(new URL('../fixtures/bad/', import.meta.url));

/** A string that only exists in the bait files: it must never appear in a response. */
export const SECRET = 'SENTINEL-SECRET-7f3a9c';

export interface Sandbox {
  /** The parent temp directory. */
  root: string;
  /** The cassette directory (`root/cassettes`). */
  dir: string;
  remove(): Promise<void>;
}

/** A good cassette in the upstream format, with `extra` merged in at the top level. */
export function cassetteJson(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    { version: '1.0', name, recorded_at: '2025-10-01T12:00:00Z', interactions: [], ...extra },
    null,
    2,
  );
}

/**
 * Creates root/cassettes (with `victim.json` and, if asked, the fixtures), plus bait next
 * to it: root/sentinel.json, root/secret.txt, root/cassettes2/victim2.json.
 */
export async function makeSandbox(options: { fixtures?: boolean; victim?: boolean } = {}): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'mw-e2e-'));
  const dir = join(root, 'cassettes');
  await mkdir(dir);
  await mkdir(join(root, 'cassettes2'));
  await writeFile(join(root, 'sentinel.json'), cassetteJson('sentinel', { description: SECRET }));
  await writeFile(join(root, 'secret.txt'), `${SECRET}\n`);
  await writeFile(join(root, 'cassettes2', 'victim2.json'), cassetteJson('victim2', { description: SECRET }));
  if (options.victim !== false)
    await writeFile(join(dir, 'victim.json'), cassetteJson('victim', { description: 'original' }));
  if (options.fixtures) {
    for (const f of await readdir(GOOD_FIXTURES)) await copyFile(join(GOOD_FIXTURES, f), join(dir, f));
  }
  return { root, dir, remove: () => rm(root, { recursive: true, force: true }) };
}

/** `n` HTTP interactions in the upstream format (GET /items/i → 200 in 10·i ms). */
export function httpInteractions(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ({
    type: 'Http',
    request: { method: 'GET', url: `https://api.example.test/items/${i}`, headers: {}, body: null },
    response: { status: 200, headers: {}, body: null },
    recorded_at: '2025-10-01T12:00:00Z',
    response_time_ms: 10 * i,
  }));
}
