/**
 * The list+watch contract while a server indexes in the background (protocol.md §3.7, §4.4):
 * the engine follows the index as it grows, knows the progress, and ends with the table of
 * GET /api/cassettes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetch } from 'undici';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSync, type SyncEngine } from '../../src/client/index.js';
import { normalizeSummary, type CassetteSummary } from '../../src/protocol/index.js';
import { createMagnetoServer, type MagnetoServer, type ServerOptions } from '../../src/server/index.js';
import { MemoryStore, summary } from '../helpers/memory-store.js';
import { cassetteJson } from '../helpers/sandbox.js';
import { rows, until } from '../helpers/watch-engine.js';

async function serve(options: Partial<ServerOptions>): Promise<MagnetoServer> {
  const server = createMagnetoServer({ dir: '/unused', port: 0, heartbeatMs: 60_000, ...options });
  await server.listen();
  onTestFinished(() => server.close());
  return server;
}

function engineOn(url: string): SyncEngine {
  const engine = createSync({ url });
  onTestFinished(() => engine.stop());
  engine.start();
  return engine;
}

async function serverTable(url: string): Promise<CassetteSummary[]> {
  const body = (await (await fetch(`${url}/api/cassettes`)).json()) as { 'hydra:member': unknown[] };
  return body['hydra:member']
    .map((m) => normalizeSummary(m))
    .filter((s): s is CassetteSummary => s !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('sync while the server indexes in the background', () => {
  it('knows the progress from Hello and Status, and has every indexed row when the index is complete', async () => {
    const store = new MemoryStore('/memory/cassettes', []);
    const items = Array.from({ length: 5 }, (_, i) => summary(`c${i}`));
    store.holdIndex(items);
    const server = await serve({ store, indexInBackground: true });
    const engine = engineOn(server.url);
    await until(engine, () => engine.status.kind === 'live');
    expect(engine.info.indexing).toEqual({ done: 0, total: 5 });
    expect(engine.info.watch).toEqual({ mode: 'events' });
    expect(engine.table.size).toBe(0);

    store.indexNext(2);
    await until(engine, () => engine.info.indexing?.done === 2);
    expect(rows(engine).map((r) => r.name)).toEqual(['c0', 'c1']);

    store.indexNext(3);
    await until(engine, () => engine.info.indexing === undefined);
    expect(rows(engine)).toEqual(await serverTable(server.url));
    expect(engine.table.size).toBe(5);
  });

  it('ends with the table of GET /api/cassettes on the real store, however the index and the connection interleave', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-indexing-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        writeFile(join(dir, `c${String(i).padStart(3, '0')}.json`), cassetteJson(`c${i}`)),
      ),
    );
    const server = await serve({ dir, indexInBackground: true });
    const engine = engineOn(server.url);
    await until(
      engine,
      () => engine.status.kind === 'live' && engine.info.indexing === undefined && engine.table.size === 300,
    );
    await server.store.start();
    expect(rows(engine)).toEqual(await serverTable(server.url));
  });
});
