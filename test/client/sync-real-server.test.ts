/**
 * The invariant of protocol.md §4.4 against our real server: after the server is quiet, the
 * engine's table equals GET /api/cassettes — across a dropped socket, a restart on the same
 * port (new epoch) and files changed on disk while disconnected.
 */
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createSync, type SyncEngine } from '../../src/client/index.js';
import { normalizeSummary, type CassetteSummary } from '../../src/protocol/index.js';
import { createMagnetoServer, type MagnetoServer } from '../../src/server/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { spyWebSocket } from '../helpers/spy-websocket.js';
import { kindOf, next, record, rows, until } from '../helpers/watch-engine.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-sync-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(new URL('../fixtures/cassettes', import.meta.url), dir, { recursive: true });
  return dir;
}

async function serve(dir: string, port = 0): Promise<MagnetoServer> {
  const server = createMagnetoServer({ dir, port, heartbeatMs: 60_000 });
  await server.listen();
  let closed = false;
  cleanups.push(async () => {
    if (!closed) await server.close();
  });
  const close = server.close.bind(server);
  return Object.assign(server, {
    close: async () => {
      closed = true;
      await close();
    },
  });
}

async function serverTable(url: string): Promise<CassetteSummary[]> {
  const res = await fetch(`${url}/api/cassettes`);
  const body = (await res.json()) as { 'hydra:member': unknown[] };
  return body['hydra:member']
    .map((m) => normalizeSummary(m))
    .filter((s): s is CassetteSummary => s !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

function cassetteFile(name: string, interactions = 0): string {
  const http = {
    type: 'Http',
    request: { method: 'GET', url: 'https://x.test/', headers: {}, body: null },
    response: { status: 200, headers: {}, body: null },
    recorded_at: '2025-10-26T10:00:00Z',
  };
  return JSON.stringify({
    version: '1.0',
    name,
    recorded_at: '2025-10-26T10:00:00Z',
    interactions: Array.from({ length: interactions }, () => http),
  });
}

function startEngine(url: string) {
  const clock = new FakeClock();
  const spy = spyWebSocket();
  const engine = createSync({ url, clock, random: () => 1, WebSocket: spy.WebSocket });
  cleanups.push(() => engine.stop());
  const updates = record(engine);
  engine.start();
  return { engine, clock, updates, sockets: spy.sockets };
}

/** Resolves once the server has assigned `seq` (changes seen by its watcher). */
function seqReaches(server: MagnetoServer, seq: number): Promise<void> {
  return new Promise((resolve) => {
    if (server.seq >= seq) return resolve();
    const off = server.store.onChange(() => {
      // The hub assigns the seq in its own listener; look after it has run.
      queueMicrotask(() => {
        if (server.seq >= seq) {
          off();
          resolve();
        }
      });
    });
  });
}

/** Advances the fake clock to the announced retry. */
function retryNow(engine: SyncEngine, clock: FakeClock): void {
  const status = engine.status;
  if (status.kind !== 'reconnecting') throw new Error(`expected reconnecting, got ${status.kind}`);
  clock.advance(status.retryAt - clock.now());
}

describe('sync engine against the real server', () => {
  it('starts with the table equal to GET /api/cassettes and follows API changes', async () => {
    const dir = await tempDir();
    const server = await serve(dir);
    const { engine } = startEngine(server.url);
    await until(engine, () => kindOf(engine) === 'live');
    expect(rows(engine)).toEqual(await serverTable(server.url));
    expect(engine.info).toMatchObject({ flavor: 'magneto-watch', canCreate: true, dir: server.store.dir });

    await engine.create({ name: 'made-here', description: 'by the engine' });
    await until(engine, () => engine.table.has('made-here'));
    await engine.update('made-here', { mode: 'replay' });
    await until(engine, () => engine.table.get('made-here')?.mode === 'replay');
    await engine.remove('github-users');
    await until(engine, () => !engine.table.has('github-users'));
    expect(rows(engine)).toEqual(await serverTable(server.url));
  });

  it('resumes after a dropped socket, with files changed on disk meanwhile', async () => {
    const dir = await tempDir();
    const server = await serve(dir);
    const { engine, clock, sockets, updates } = startEngine(server.url);
    await until(engine, () => kindOf(engine) === 'live');
    const seqBefore = server.seq;

    sockets[0]!.terminate();
    await until(engine, () => kindOf(engine) === 'reconnecting');
    await writeFile(join(dir, 'from-disk.json'), cassetteFile('from-disk', 2));
    await unlink(join(dir, 'chat-websocket.json'));
    // Wait until the server has seen both changes, so they are replayed rather than live.
    await seqReaches(server, seqBefore + 2);

    retryNow(engine, clock);
    await until(
      engine,
      () => kindOf(engine) === 'live' && engine.table.has('from-disk') && !engine.table.has('chat-websocket'),
    );
    expect(rows(engine)).toEqual(await serverTable(server.url));
    expect(updates.filter((u) => u.type === 'snapshot')).toHaveLength(1);
  });

  it('re-lists after a restart on the same port (new epoch) and files changed while down', async () => {
    const dir = await tempDir();
    const first = await serve(dir);
    const { engine, clock } = startEngine(first.url);
    await until(engine, () => kindOf(engine) === 'live');
    await engine.create({ name: 'phantom-check' });
    await until(engine, () => engine.table.has('phantom-check'));

    await first.close();
    await until(engine, () => kindOf(engine) === 'reconnecting');
    await unlink(join(dir, 'phantom-check.json'));
    await writeFile(join(dir, 'while-down.json'), cassetteFile('while-down', 1));
    const payments = join(dir, 'payments-timeout.json');
    const edited = JSON.parse(await readFile(payments, 'utf8')) as Record<string, unknown>;
    await writeFile(payments, JSON.stringify({ ...edited, description: 'edited on disk' }));

    const second = await serve(dir, first.port);
    expect(second.epoch).not.toBe(first.epoch);
    const snapshot = next(engine, 'snapshot');
    retryNow(engine, clock);
    expect(await snapshot).toMatchObject({ reason: 'epoch', epoch: second.epoch });
    await until(engine, () => kindOf(engine) === 'live');
    expect(engine.table.has('phantom-check')).toBe(false);
    expect(engine.table.get('payments-timeout')?.description).toBe('edited on disk');
    expect(rows(engine)).toEqual(await serverTable(second.url));

    // And live on the new epoch.
    await writeFile(join(dir, 'after-restart.json'), cassetteFile('after-restart'));
    await until(engine, () => engine.table.has('after-restart'));
    expect(rows(engine)).toEqual(await serverTable(second.url));
  });
});
