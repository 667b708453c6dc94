/**
 * Cold index on one and on two cores, on the main thread only ("before": `workers: 0`) and
 * with the parse workers ("after": the default, one per core the process may use), measured
 * back to back in fresh processes pinned with taskset (-c 0, then -c 0,1), alternating the
 * order between repetitions so that drift in the machine hits every case alike.
 */
import { cpus } from 'node:os';
import { PINNED, startChild } from '../lib/child.js';
import { median } from '../lib/stats.js';
import { fmt, table } from '../lib/table.js';
import type { ColdIndexResult } from '../servers/cold-index.js';

export interface CoresRow {
  count: number;
  cores: string;
  mode: 'before' | 'after';
  workers: number;
  ms: number[];
  cpuMs: number[];
}

const CASES: Array<{ cores: string; mode: 'before' | 'after' }> = [
  { cores: '0', mode: 'before' },
  { cores: '0', mode: 'after' },
  { cores: '0,1', mode: 'before' },
  { cores: '0,1', mode: 'after' },
];

/** Runs every case `repeat` times on `dir` (`count` files). */
export async function runColdCores(o: {
  dir: string;
  count: number;
  repeat: number;
  log: (l: string) => void;
}): Promise<CoresRow[]> {
  const rows = CASES.map((c) => ({
    count: o.count,
    ...c,
    workers: 0,
    ms: [] as number[],
    cpuMs: [] as number[],
  }));
  // The orchestrator itself is pinned to one core: count the machine's.
  if (!PINNED || cpus().length < 2) {
    o.log('  cold index per core count: skipped (needs taskset and 2 cores)');
    return [];
  }
  for (let r = 0; r < o.repeat; r++) {
    const order = r % 2 === 0 ? rows : [...rows].reverse();
    for (const row of order) {
      const child = startChild('servers/cold-index.ts', { core: row.cores });
      try {
        const options = { dir: o.dir, ...(row.mode === 'before' ? { workers: 0 } : {}) };
        const res = await child.request<ColdIndexResult>('index', { options }, 600_000);
        if (res.cassettes !== o.count) throw new Error(`indexed ${res.cassettes} of ${o.count}`);
        row.ms.push(res.ms);
        row.cpuMs.push(res.cpuMs);
        row.workers = res.workers;
        o.log(
          `  cold index ${o.count}, cores ${row.cores}, ${row.mode} (${res.workers} workers, parallelism ${res.parallelism}): ${fmt(res.ms, 0)} ms, ${fmt(res.cpuMs, 0)} ms CPU`,
        );
      } finally {
        await child.stop();
      }
    }
  }
  return rows;
}

/** The table: medians, and each case against the main thread on one core, same run. */
export function coresTable(rows: CoresRow[], repeat: number): string {
  if (rows.length === 0) return '';
  return table(
    `Cold index (store.start(), no watcher) on 1 and 2 cores, main thread only (before) or parse workers (after); medians of ${repeat}`,
    ['cassettes', 'cores', 'mode', 'workers', 'wall ms', 'runs ms', 'CPU ms', '× vs 1 core before'],
    rows.map((r) => {
      const base = rows.find((b) => b.count === r.count && b.cores === '0' && b.mode === 'before');
      return [
        r.count.toLocaleString('en-US'),
        r.cores === '0' ? '1 (-c 0)' : '2 (-c 0,1)',
        r.mode,
        r.workers,
        fmt(median(r.ms), 0),
        r.ms.map((v) => fmt(v, 0)).join(' '),
        fmt(median(r.cpuMs), 0),
        base ? `${fmt(median(base.ms) / median(r.ms), 2)}×` : '-',
      ];
    }),
  );
}
