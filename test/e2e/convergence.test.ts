/**
 * The list+watch invariant (protocol.md §4.4), as a property: whatever happens — API calls,
 * files written and removed behind the server's back, dropped sockets, a server restart
 * (new epoch), a client too slow to read, a resume past the ring buffer — once things are
 * quiet every engine's table equals `GET /api/cassettes`, which equals the directory.
 *
 * Quick run in `npm test`; long run: `CHAOS_RUNS=500 npx vitest run test/e2e/convergence.test.ts`.
 * Reproduce a failure with the printed seed: `CHAOS_SEED=<seed> CHAOS_RUNS=1 …` (add CHAOS_SHRINK=1 to shrink).
 */
import { once } from 'node:events';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createSync, type SyncEngine } from '../../src/client/index.js';
import { createMagnetoServer, type MagnetoServer } from '../../src/server/index.js';
import { cassetteJson, makeSandbox, type Sandbox } from '../helpers/sandbox.js';
import { startServe } from '../helpers/serve-process.js';
import {
  fastClock,
  matchesDisk,
  monitor,
  socketControl,
  waitConverged,
  type SocketControl,
} from '../helpers/sync-harness.js';

const RUNS = Number(process.env.CHAOS_RUNS ?? 12);
const SEED =
  process.env.CHAOS_SEED === undefined ? Date.now() ^ (process.pid << 8) : Number(process.env.CHAOS_SEED);
const NAMES = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta'];
const RING = 6;

type Cmd =
  | { t: 'create'; n: number; d: string }
  | { t: 'update'; n: number; d: string }
  | { t: 'delete'; n: number }
  | { t: 'parallel'; ops: Cmd[] }
  | { t: 'disk-write'; n: number; d: string; atomic: boolean }
  | { t: 'disk-corrupt'; n: number }
  | { t: 'disk-unlink'; n: number }
  | { t: 'drop'; c: number }
  | { t: 'away'; c: number }
  | { t: 'back'; c: number }
  | { t: 'burst'; count: number }
  | { t: 'slow'; c: number }
  | { t: 'restart'; downtime: Cmd[] };

const name = fc.integer({ min: 0, max: NAMES.length - 1 });
const client = fc.integer({ min: 0, max: 1 });
const desc = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', 'same', 'é✓ unicode', '\u001b[31mansi'),
);
const apiCmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ t: fc.constant('create' as const), n: name, d: desc }),
  fc.record({ t: fc.constant('update' as const), n: name, d: desc }),
  fc.record({ t: fc.constant('delete' as const), n: name }),
);
const diskCmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ t: fc.constant('disk-write' as const), n: name, d: desc, atomic: fc.boolean() }),
  fc.record({ t: fc.constant('disk-corrupt' as const), n: name }),
  fc.record({ t: fc.constant('disk-unlink' as const), n: name }),
);
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 6, arbitrary: apiCmd },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('parallel' as const),
      ops: fc.array(apiCmd, { minLength: 2, maxLength: 6 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('disk-write' as const), n: name, d: desc, atomic: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('disk-corrupt' as const), n: name }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('disk-unlink' as const), n: name }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('drop' as const), c: client }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('away' as const), c: client }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('back' as const), c: client }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('burst' as const),
      count: fc.integer({ min: RING + 1, max: RING * 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('restart' as const),
      downtime: fc.array(diskCmd, { maxLength: 4 }),
    }),
  },
);
/**
 * Episodes that random lists rarely assemble by chance, one per run: a client away while
 * more changes than the ring holds happen (resume → Resync too_old), a server restart with
 * files changed while it is down (new epoch), a client too slow to read (4008), or a file
 * recreated on disk right after its deletion and edited at once.
 */
const episode: fc.Arbitrary<Cmd[]> = fc.oneof(
  fc
    .tuple(
      client,
      fc.array(apiCmd, { minLength: 1, maxLength: 4 }),
      fc.integer({ min: RING + 1, max: RING * 2 }),
    )
    .map(([c, ops, count]): Cmd[] => [
      { t: 'away', c },
      { t: 'delete', n: 0 },
      ...ops,
      { t: 'burst', count },
      { t: 'back', c },
    ]),
  fc.array(diskCmd, { minLength: 1, maxLength: 4 }).map((downtime): Cmd[] => [
    { t: 'disk-unlink', n: 1 },
    { t: 'restart', downtime: [{ t: 'disk-unlink', n: 2 }, ...downtime] },
  ]),
  client.map((c): Cmd[] => [{ t: 'slow', c }]),
  // The recorder writes a cassette again right after it was deleted, and someone edits it
  // before the watcher has reported the file: clients must see it created again.
  fc.tuple(name, desc, fc.boolean()).map(([n, d, atomic]): Cmd[] => [
    { t: 'create', n, d },
    { t: 'delete', n },
    { t: 'disk-write', n, d, atomic },
    { t: 'update', n, d: `${d} edited` },
  ]),
);
const scenario = fc
  .tuple(fc.array(cmd, { minLength: 3, maxLength: 25 }), episode, fc.nat(25))
  .map(([cmds, ep, at]) => {
    cmds.splice(Math.min(at, cmds.length), 0, ...ep);
    return cmds;
  });

interface World {
  box: Sandbox;
  server: MagnetoServer;
  port: number;
  base: string;
  engines: { engine: SyncEngine; label: string; ctl: SocketControl }[];
  monitors: ReturnType<typeof monitor>[];
  epochs: Set<string>;
  burstCounter: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

async function api(w: World, c: Cmd): Promise<void> {
  const n = 'n' in c ? NAMES[c.n] : undefined;
  let res;
  if (c.t === 'create')
    res = await request(`${w.base}/api/cassettes`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ name: n, description: c.d }),
    });
  else if (c.t === 'update')
    res = await request(`${w.base}/api/cassettes/${n}`, {
      method: 'PUT',
      headers: JSON_HEADERS,
      body: JSON.stringify({ description: c.d }),
    });
  else if (c.t === 'delete') res = await request(`${w.base}/api/cassettes/${n}`, { method: 'DELETE' });
  else return;
  await res.body.dump();
  // 404/409/422 are fine (the name may be absent, present or corrupt); a 5xx is a bug.
  if (res.statusCode >= 500) throw new Error(`${c.t} ${n}: ${res.statusCode}`);
}

async function startServer(w: Pick<World, 'box'> & { port?: number }): Promise<MagnetoServer> {
  const server = createMagnetoServer({
    dir: w.box.dir,
    host: '127.0.0.1',
    port: w.port ?? 0,
    ringSize: RING,
    slowConsumerBytes: 64 * 1024,
  });
  await server.listen();
  return server;
}

async function run(w: World, c: Cmd): Promise<void> {
  const file = 'n' in c ? join(w.box.dir, `${NAMES[c.n]}.json`) : '';
  switch (c.t) {
    case 'create':
    case 'update':
    case 'delete':
      return api(w, c);
    case 'parallel':
      await Promise.all(c.ops.map((op) => api(w, op)));
      return;
    case 'disk-write':
      if ('d' in c && c.atomic) {
        const tmp = join(w.box.dir, `.${NAMES[c.n]}.${process.pid}.tmp`);
        await writeFile(tmp, cassetteJson(NAMES[c.n] ?? '', { description: c.d }));
        await rename(tmp, file);
      } else await writeFile(file, cassetteJson(NAMES[c.n] ?? '', { description: c.d }));
      return;
    case 'disk-corrupt':
      await writeFile(file, '{"version":"1.0","name":');
      return;
    case 'disk-unlink':
      await unlink(file).catch(() => undefined);
      return;
    case 'drop':
      w.engines[c.c]?.ctl.drop();
      return;
    case 'away': {
      const ctl = w.engines[c.c]?.ctl;
      if (ctl) {
        ctl.blocked = true;
        ctl.drop();
      }
      return;
    }
    case 'back': {
      const ctl = w.engines[c.c]?.ctl;
      if (ctl) ctl.blocked = false;
      return;
    }
    case 'burst':
      // More changes than the ring holds: an engine that is away must re-list (Resync too_old).
      for (let i = 0; i < c.count; i++) {
        await api(w, {
          t: 'update',
          n: (w.burstCounter + i) % NAMES.length,
          d: `burst ${w.burstCounter + i}`,
        });
      }
      w.burstCounter += c.count;
      return;
    case 'slow': {
      // A reader that stops reading while big events pile up: 4008, then resume with since.
      const ctl = w.engines[c.c]?.ctl;
      ctl?.pause();
      const names = Array.from({ length: 16 }, (_, i) => `slow-${w.burstCounter}-${i}`);
      w.burstCounter++;
      await Promise.all(
        names.map((n, i) =>
          writeFile(
            join(w.box.dir, `${n}.json`),
            cassetteJson(n, { description: String(i % 10).repeat(1 << 20) }),
          ),
        ),
      );
      await waitListed(w, names);
      ctl?.resume();
      await Promise.all(names.map((n) => unlink(join(w.box.dir, `${n}.json`))));
      return;
    }
    case 'restart':
      await w.server.close();
      for (const d of c.downtime) await run(w, d);
      w.server = await startServer(w);
      w.epochs.add(w.server.epoch);
      return;
  }
}

/** Until the server lists `names` (the watcher has seen the files). */
async function waitListed(w: World, names: string[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!names.every((n) => w.server.store.list().some((s) => s.name === n))) {
    if (Date.now() > deadline) throw new Error(`server never listed ${names.join(',')}`);
    await new Promise<void>((resolve) => {
      const off = w.server.store.onChange(() => {
        off();
        clearTimeout(t);
        resolve();
      });
      const t = setTimeout(() => {
        off();
        resolve();
      }, 500);
    });
  }
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  cleanup = [];
});

describe('convergence', () => {
  it(
    `every engine's table equals GET /api/cassettes after chaos (${RUNS} runs, seed ${SEED})`,
    { timeout: Math.max(60_000, RUNS * 20_000) },
    async () => {
      let runs = 0;
      let faults = 0;
      const sawSlowClose = { value: false };
      process.stdout.write(`convergence: CHAOS_SEED=${SEED} CHAOS_RUNS=${RUNS}\n`);
      await fc.assert(
        fc.asyncProperty(scenario, async (cmds) => {
          runs++;
          const box = await makeSandbox({ victim: false });
          for (const n of NAMES.slice(0, 3))
            await writeFile(join(box.dir, `${n}.json`), cassetteJson(n, { description: `initial ${n}` }));
          const server = await startServer({ box });
          const w: World = {
            box,
            server,
            port: server.port,
            base: server.url,
            engines: [],
            monitors: [],
            epochs: new Set([server.epoch]),
            burstCounter: 0,
          };
          const teardown = async (): Promise<void> => {
            for (const m of w.monitors) m.stop();
            for (const { ctl } of w.engines) ctl.resume();
            await Promise.all(w.engines.map(({ engine }) => engine.stop()));
            await w.server.close();
            await box.remove();
          };
          cleanup.push(teardown);
          try {
            for (const [i, batch] of [true, false].entries()) {
              const ctl = socketControl();
              const engine = createSync({
                url: w.base,
                batch,
                WebSocket: ctl.WebSocket,
                clock: fastClock(),
                pingIntervalMs: 60_000,
                deadAfterMs: 60_000,
              });
              const label = `engine ${i} (batch=${batch})`;
              w.engines.push({ engine, label, ctl });
              w.monitors.push(monitor(engine, label));
              engine.start();
            }
            for (const c of cmds) {
              await run(w, c);
              if (!['create', 'update', 'delete', 'parallel', 'burst'].includes(c.t)) faults++;
            }
            for (const { ctl } of w.engines) {
              ctl.blocked = false;
              ctl.resume();
            }
            await waitConverged(w.engines, w.base, { expected: matchesDisk(box.dir), timeoutMs: 30_000 });
            if (
              cmds.some((c) => c.t === 'slow') &&
              w.engines.some(({ ctl }) => ctl.closeCodes.includes(4008))
            )
              sawSlowClose.value = true;
            const violations = w.monitors.flatMap((m) => m.violations);
            if (violations.length > 0) throw new Error(`invariant violated:\n${violations.join('\n')}`);
          } catch (error) {
            throw new Error(
              `${(error as Error).message}\ncommands: ${JSON.stringify(cmds, (_k, v: unknown) => (typeof v === 'string' && v.length > 40 ? `${v.slice(0, 20)}…` : v))}`,
            );
          } finally {
            cleanup = cleanup.filter((f) => f !== teardown);
            await teardown();
          }
        }),
        {
          numRuns: RUNS,
          seed: SEED,
          endOnFailure: process.env.CHAOS_SHRINK === undefined,
          // The seed is in fast-check's failure message; print it for runs that pass too.
          reporter: (out) => {
            if (!out.failed) return;
            const cause =
              out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
            throw new Error(
              `${fc.defaultReportMessage(out)}\n${cause}\nreproduce: CHAOS_SEED=${SEED} CHAOS_RUNS=${RUNS}`,
            );
          },
        },
      );
      expect(runs).toBe(RUNS);
      expect(faults, 'faults were injected').toBeGreaterThan(0);
      process.stdout.write(
        `convergence: ${runs} runs, ${faults} faults injected, slow-consumer close seen: ${sawSlowClose.value}\n`,
      );
    },
  );

  it(
    'turns each API change into exactly one event, never followed by a watcher echo',
    { timeout: 30_000 },
    async () => {
      const box = await makeSandbox();
      const server = await startServer({ box });
      cleanup.push(async () => {
        await server.close();
        await box.remove();
      });
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`);
      cleanup.push(async () => void ws.terminate());
      const events: { type: string; name: string }[] = [];
      let onEvent: () => void = () => undefined;
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; name?: string; cassette?: { name: string } };
        if (m.type.startsWith('Cassette'))
          events.push({ type: m.type, name: m.cassette?.name ?? m.name ?? '' });
        onEvent();
      });
      await once(ws, 'open');
      const send = async (method: string, path: string, body?: unknown): Promise<void> => {
        const res = await request(`${server.url}${path}`, {
          method,
          ...(body ? { headers: JSON_HEADERS, body: JSON.stringify(body) } : {}),
        });
        expect(res.statusCode).toBeLessThan(300);
        await res.body.dump();
      };
      await send('POST', '/api/cassettes', { name: 'once' });
      await send('PUT', '/api/cassettes/once', { description: 'edited' });
      await send('PUT', '/api/cassettes/victim', { mode: 'replay' });
      await send('DELETE', '/api/cassettes/once');
      // A file written afterwards is reported after the same debounce as any echo would be.
      await writeFile(join(box.dir, 'marker.json'), cassetteJson('marker'));
      await new Promise<void>((resolve) => {
        onEvent = () => events.some((e) => e.name === 'marker') && resolve();
        onEvent();
      });
      expect(events).toEqual([
        { type: 'CassetteCreated', name: 'once' },
        { type: 'CassetteUpdated', name: 'once' },
        { type: 'CassetteUpdated', name: 'victim' },
        { type: 'CassetteDeleted', name: 'once' },
        { type: 'CassetteCreated', name: 'marker' },
      ]);
    },
  );

  it(
    'converges after a kill -9 of the server process, files changed while it was down, and a restart on the same port',
    { timeout: 60_000 },
    async () => {
      const box = await makeSandbox();
      cleanup.push(() => box.remove());
      const serve = await startServe({ dir: box.dir });
      const ctl = socketControl();
      const engine = createSync({
        url: serve.url,
        WebSocket: ctl.WebSocket,
        clock: fastClock(),
        pingIntervalMs: 60_000,
        deadAfterMs: 60_000,
      });
      cleanup.push(() => engine.stop());
      const m = monitor(engine, 'engine');
      engine.start();
      await waitConverged([{ engine, label: 'engine' }], serve.url, { expected: matchesDisk(box.dir) });
      const firstEpoch = (await (await request(`${serve.url}/api/cassettes`)).body.json()) as {
        epoch: string;
      };

      for (const n of ['one', 'two', 'three']) {
        const res = await request(`${serve.url}/api/cassettes`, {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ name: n }),
        });
        expect(res.statusCode).toBe(201);
        await res.body.dump();
      }
      await serve.kill9();
      const reconnecting = new Promise<void>((resolve) => {
        const off = engine.subscribe((u) => {
          if (u.type === 'status' && u.status.kind === 'reconnecting') {
            off();
            resolve();
          }
        });
        if (engine.status.kind === 'reconnecting') resolve();
      });
      await reconnecting;
      await unlink(join(box.dir, 'one.json'));
      await writeFile(join(box.dir, 'two.json'), cassetteJson('two', { description: 'changed while down' }));
      await writeFile(join(box.dir, 'four.json'), cassetteJson('four'));
      await serve.restart();
      const rows = await waitConverged([{ engine, label: 'engine' }], serve.url, {
        expected: matchesDisk(box.dir),
      });
      expect(rows.map((r) => r.name)).toEqual(['four', 'three', 'two', 'victim']);
      expect(rows.find((r) => r.name === 'two')?.description).toBe('changed while down');
      const second = (await (await request(`${serve.url}/api/cassettes`)).body.json()) as { epoch: string };
      expect(second.epoch).not.toBe(firstEpoch.epoch);
      expect(m.violations).toEqual([]);
      m.stop();
    },
  );
});
