/**
 * magneto-watch's own server (src/server) in a benchmark process: `start`
 * indexes the directory and listens on 127.0.0.1, reporting the cold time and
 * the memory before and after; `stats` reports CPU time and RSS.
 */
import { procStats, serveParent, type ProcStats } from '../lib/child.js';
import { cpuSeconds } from '../lib/stats.js';

/** What the benchmarks use of `createMagnetoServer` (src/server/index.ts). */
interface MagnetoServer {
  listen(): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
  readonly epoch: string;
  readonly seq: number;
  readonly store: {
    create(input: { name: string; description?: string | null }): Promise<unknown>;
    update(name: string, patch: { description?: string | null }): Promise<unknown>;
    remove(name: string): Promise<void>;
    list(): { name: string }[];
  };
}
type Factory = (options: Record<string, unknown>) => MagnetoServer;
type StoreFactory = (options: Record<string, unknown>) => unknown;

let server: MagnetoServer | undefined;

export interface StartResult {
  url: string;
  port: number;
  epoch: string;
  seq: number;
  /** createMagnetoServer() + listen(), i.e. the cold index of the directory. */
  coldMs: number;
  /**
   * CPU time (user + system, all threads) of the same: less disturbed than `coldMs` by other
   * processes competing for the cores, which only delay it.
   */
  coldCpuMs: number;
  before: ProcStats;
  after: ProcStats;
}

serveParent(
  {
    /**
     * `options` go to createMagnetoServer; `scanSecrets: false` gives it a store that skips the
     * secret scan (the listing suite's baseline for the scan's cost, protocol.md §2.5).
     */
    start: async (m): Promise<StartResult> => {
      const modulePath = '../../src/server/index.js';
      const storePath = '../../src/server/store/index.js';
      const mod = (await import(modulePath)) as { createMagnetoServer: Factory };
      const { scanSecrets, ...options } = m.options as Record<string, unknown>;
      const store =
        scanSecrets === false
          ? ((await import(storePath)) as { createStore: StoreFactory }).createStore({
              dir: options.dir,
              secretScan: false,
            })
          : undefined;
      const before = procStats(true);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      server = mod.createMagnetoServer({
        heartbeatMs: 60_000,
        ...options,
        ...(store ? { store } : {}),
        host: '127.0.0.1',
        port: 0,
      });
      const { url, port } = await server.listen();
      const coldMs = performance.now() - t0;
      const coldCpuMs = cpuSeconds(cpu0, process.cpuUsage()) * 1000;
      return {
        url,
        port,
        epoch: server.epoch,
        seq: server.seq,
        coldMs,
        coldCpuMs,
        before,
        after: procStats(true),
      };
    },
    stats: (m) => procStats(m.gc === true),
    seq: () => server?.seq ?? 0,
    count: () => server?.store.list().length ?? 0,
    /** Mutations straight through the store at `rate`/s for the terminal-UI storm. */
    storm: async (m) => {
      const s = server;
      if (!s) throw new Error('not started');
      const rate = Number(m.rate);
      const count = Number(m.count);
      const prefix = String(m.prefix ?? 'storm');
      const made: string[] = [];
      const t0 = performance.now();
      let failures = 0;
      const inflight = new Set<Promise<unknown>>();
      for (let i = 0; i < count; i++) {
        const wait = t0 + (i * 1000) / rate - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const kind = i % 10;
        let p: Promise<unknown>;
        if (kind < 6 || made.length < 5) {
          const name = `${prefix}-${String(i).padStart(6, '0')}`;
          made.push(name);
          p = s.store.create({ name, description: `storm ${i}` });
        } else if (kind < 9) {
          p = s.store.update(made[(i * 7919) % made.length] ?? '', { description: `updated ${i}` });
        } else {
          p = s.store.remove(made.splice((i * 104729) % made.length, 1)[0] ?? '');
        }
        const q = p.catch(() => void failures++).finally(() => inflight.delete(q));
        inflight.add(q);
        if (inflight.size > 256) await Promise.race(inflight);
      }
      await Promise.all(inflight);
      return { ms: performance.now() - t0, failures, seq: s.seq };
    },
  },
  async () => {
    await server?.close();
  },
);
