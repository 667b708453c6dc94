/**
 * The store's cold index alone, in a benchmark process: `index` creates a store over a
 * directory (no watcher, so no probe file) with the given options, awaits `start()`, and
 * reports the wall time, the CPU time of every thread (the parse workers' included) and how
 * many workers it used (from its log).
 */
import { serveParent } from '../lib/child.js';
import { cpuSeconds } from '../lib/stats.js';

export interface ColdIndexResult {
  ms: number;
  cpuMs: number;
  workers: number;
  cassettes: number;
  /** What this process may run on (taskset). */
  parallelism: number;
}

interface Store {
  start(): Promise<void>;
  close(): Promise<void>;
  list(): readonly unknown[];
}
type StoreFactory = (options: Record<string, unknown>) => Store;

serveParent({
  index: async (m): Promise<ColdIndexResult> => {
    const storePath = '../../src/server/store/index.js';
    const sourcePath = '../../src/server/store/worker-source.js';
    const { createStore } = (await import(storePath)) as { createStore: StoreFactory };
    // The bundle inlines the worker's code; from the sources it is bundled at first use, so
    // that is done before timing, like the bundle's build step.
    await ((await import(sourcePath)) as { parseWorkerSource: () => Promise<string> }).parseWorkerSource();
    const { availableParallelism } = await import('node:os');
    let workers = 0;
    const ignore = (): void => undefined;
    const log = {
      info: (fields: { workers?: number }, msg: string) => {
        if (msg === 'indexed') workers = fields.workers ?? 0;
      },
      error: ignore,
      warn: ignore,
      debug: ignore,
      trace: ignore,
    };
    const store = createStore({ ...(m.options as Record<string, unknown>), watch: false, log });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await store.start();
    const ms = performance.now() - t0;
    const cpuMs = cpuSeconds(cpu0, process.cpuUsage()) * 1000;
    const cassettes = store.list().length;
    await store.close();
    return { ms, cpuMs, workers, cassettes, parallelism: availableParallelism() };
  },
});
