import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { createMagnetoServer, type MagnetoServer, type ServerOptions } from '../../src/server/index.js';
import type { CassetteStore } from '../../src/server/types.js';
import { MemoryStore, summary } from './memory-store.js';
import { closeAllClients } from './ws-client.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/cassettes');

export interface Started {
  server: MagnetoServer;
  url: string;
  wsUrl: string;
  port: number;
  dir: string;
  store: CassetteStore;
  memory: MemoryStore | undefined;
}

/** A temp dir (removed after the test) under os.tmpdir(). */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-server-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A listening server on 127.0.0.1:0 over a temp dir, closed after the test.
 * `kind: 'memory'` (default) seeds a MemoryStore with alpha, beta, gamma; `'real'` copies
 * the fixtures, and the files of the `fixtures` directories, and lets the server create its
 * real store.
 */
export async function startServer(
  options: Partial<ServerOptions> & { kind?: 'memory' | 'real'; fixtures?: string[] } = {},
): Promise<Started> {
  const { kind = 'memory', fixtures = [], ...rest } = options;
  // <root>/cassettes plus a sibling file that traversal attempts would aim at.
  const root = await tempDir();
  const dir = join(root, 'cassettes');
  await mkdir(dir);
  await writeFile(join(root, 'secret.json'), '{"interactions":[]}');
  let memory: MemoryStore | undefined;
  let store: CassetteStore | undefined = rest.store;
  if (kind === 'real') {
    await cp(FIXTURES, dir, { recursive: true });
    for (const extra of fixtures) await cp(extra, dir, { recursive: true });
  } else if (!store) {
    memory = new MemoryStore(dir, [
      summary('alpha'),
      summary('beta', { description: 'second' }),
      summary('gamma'),
    ]);
    store = memory;
  }
  // Without `store` the server builds the real one (its default).
  const server = createMagnetoServer({ dir, port: 0, ...rest, ...(store ? { store } : {}) });
  const { url, port } = await server.listen();
  onTestFinished(async () => {
    closeAllClients();
    await server.close();
  });
  return { server, url, wsUrl: `${url.replace(/^http/, 'ws')}/ws`, port, dir, store: server.store, memory };
}

/** Names in `dir` and in its parent, to prove a request touched nothing. */
export async function listing(dir: string): Promise<string> {
  const [inside, parent] = await Promise.all([readdir(dir), readdir(dirname(dir))]);
  return JSON.stringify([inside.sort(), parent.sort()]);
}
