/**
 * Listing benchmark: cold index time and warm GET /api/cassettes
 * latency (autocannon, 1 connection) of magneto-watch against a baseline that
 * parses every file on every request; memory per indexed cassette. The cold index and the
 * warm listing are also measured with the secret scan off (protocol.md §2.5), in alternating
 * fresh processes, to report what the scan costs.
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startChild, SERVER_CORE, type ProcStats } from '../lib/child.js';
import { send } from '../lib/http.js';
import { median } from '../lib/stats.js';
import { fmt, table } from '../lib/table.js';
import { tempDir } from '../lib/tmp.js';
import type { StartResult } from '../servers/magneto.js';
import { coresTable, runColdCores, type CoresRow } from './cores.js';
import { generateCassettes, linkSubset } from './generate.js';

export interface ListingRow {
  count: number;
  bytes: number;
  /** Median cold index with the secret scan (as shipped). */
  coldMs: number;
  /** Median cold index with the scan off, measured in the same run, alternating. */
  coldOffMs: number;
  coldRuns: number[];
  coldOffRuns: number[];
  /** Median CPU time of the cold index, scan on and off. */
  coldCpuMs: number;
  coldOffCpuMs: number;
  /** Warm p50/p99 with the scan off (the body has no `secrets_count`). */
  offP50: number;
  offP99: number;
  heapPerCassette: number;
  rssPerCassette: number;
  ourP50: number;
  ourP99: number;
  ourReqs: number;
  baseP50: number;
  baseP99: number;
  baseReqs: number;
  bodyBytes: number;
  totalItems: number;
}

/** Warm latency: one connection, `seconds` long or `amount` requests, after 3 warm-up requests. */
async function measure(
  url: string,
  opts: { seconds?: number; amount?: number },
): Promise<{ p50: number; p99: number; n: number }> {
  for (let i = 0; i < 3; i++) await send(url, 'GET');
  const r = await autocannon({
    url,
    connections: 1,
    timeout: 120,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds ?? 5 }),
  });
  if (r.errors || r.non2xx) throw new Error(`${url}: ${r.errors} errors, ${r.non2xx} non-2xx`);
  return { p50: r.latency.p50, p99: r.latency.p99, n: r.requests.total };
}

/** Cold indexes per mode: alternating off/on pairs so that drift in the machine hits both alike. */
const MIN_COLD_PAIRS = 3;

export async function runListing(o: {
  counts: number[];
  seconds: number;
  /** Off/on pairs of cold indexes, and cold indexes per core count (at least 3 each). */
  repeat: number;
  cpuProfDir?: string | undefined;
  log: (l: string) => void;
}): Promise<{ rows: ListingRow[]; cores: CoresRow[]; text: string }> {
  const max = Math.max(...o.counts);
  const root = await tempDir('listing');
  const source = join(root, `all-${max}`);
  const t0 = performance.now();
  const totalBytes = await generateCassettes(source, max);
  spawnSync('sync'); // flush the generated files so writeback does not disturb the timings
  o.log(
    `  generated ${max} cassettes, ${fmt(totalBytes / 2 ** 20, 0)} MiB, in ${fmt((performance.now() - t0) / 1000, 1)} s`,
  );
  const rows: ListingRow[] = [];
  const cores: CoresRow[] = [];
  const coreRepeat = Math.max(3, o.repeat);
  for (const count of o.counts) {
    const dir = count === max ? source : join(root, `n-${count}`);
    if (count !== max) await linkSubset(source, dir, count);
    const bytes = count === max ? totalBytes : Number.NaN;

    let row: Partial<ListingRow> = { count, bytes };
    const coldRuns: number[] = [];
    const coldOffRuns: number[] = [];
    const cpuRuns: number[] = [];
    const cpuOffRuns: number[] = [];
    const pairs = Math.max(MIN_COLD_PAIRS, o.repeat);
    for (let pair = 0; pair < pairs; pair++) {
      const last = pair === pairs - 1;
      for (const scan of [false, true]) {
        const ours = startChild('servers/magneto.ts', {
          core: SERVER_CORE,
          cpuProfDir: o.cpuProfDir,
          name: `listing-${count}-${scan ? 'scan' : 'noscan'}-${pair}`,
        });
        try {
          const options = { dir, ...(scan ? {} : { scanSecrets: false }) };
          const s = await ours.request<StartResult>('start', { options }, 600_000);
          (scan ? coldRuns : coldOffRuns).push(s.coldMs);
          (scan ? cpuRuns : cpuOffRuns).push(s.coldCpuMs);
          o.log(
            `  magneto ${count}, scan ${scan ? 'on' : 'off'}: cold ${fmt(s.coldMs, 0)} ms, ${fmt(s.coldCpuMs, 0)} ms CPU`,
          );
          // Warm figures and memory once per mode, in the last pair.
          if (!last) continue;
          const url = `${s.url}/api/cassettes`;
          const first = await send(url, 'GET');
          const items = (JSON.parse(first.body) as { 'hydra:totalItems': number })['hydra:totalItems'];
          const warm = await measure(url, { seconds: o.seconds });
          o.log(`    warm p50 ${warm.p50} ms p99 ${warm.p99} ms (${warm.n} req), ${items} items`);
          if (!scan) {
            row = { ...row, offP50: warm.p50, offP99: warm.p99 };
            continue;
          }
          const after = await ours.request<ProcStats>('stats', { gc: true });
          row = {
            ...row,
            heapPerCassette: (s.after.heapUsed - s.before.heapUsed) / count,
            rssPerCassette: (after.rss - s.before.rss) / count,
            ourP50: warm.p50,
            ourP99: warm.p99,
            ourReqs: warm.n,
            bodyBytes: first.body.length,
            totalItems: items,
          };
        } finally {
          await ours.stop();
        }
      }
    }
    row = {
      ...row,
      coldRuns,
      coldOffRuns,
      coldMs: median(coldRuns),
      coldOffMs: median(coldOffRuns),
      coldCpuMs: median(cpuRuns),
      coldOffCpuMs: median(cpuOffRuns),
    };
    const base = startChild('servers/listing-baseline.ts', { core: SERVER_CORE, args: [dir] });
    try {
      const { port } = await base.event<{ port: number }>('listening');
      // Bounded: a handful of requests when each one parses everything.
      const amount = count >= 10_000 ? 5 : 20;
      const b = await measure(`http://127.0.0.1:${port}/api/cassettes`, { amount });
      row = { ...row, baseP50: b.p50, baseP99: b.p99, baseReqs: b.n };
      o.log(`  baseline ${count}: p50 ${b.p50} ms p99 ${b.p99} ms (${b.n} req)`);
    } finally {
      await base.stop();
    }
    rows.push(row as ListingRow);
    cores.push(...(await runColdCores({ dir, count, repeat: coreRepeat, log: o.log })));
  }
  const scanText = table(
    `Secret scan: cold index and warm listing with the scan off and on (medians of ${Math.max(MIN_COLD_PAIRS, o.repeat)} alternating fresh processes each)`,
    [
      'cassettes',
      'cold ms, off',
      'cold ms, on',
      'scan adds',
      'cold CPU ms, off',
      'on',
      'scan adds (CPU)',
      'cold runs off / on (ms)',
      'warm p50/p99 ms, off',
      'on',
    ],
    rows.map((r) => [
      r.count.toLocaleString('en-US'),
      fmt(r.coldOffMs, 0),
      fmt(r.coldMs, 0),
      `${fmt((100 * (r.coldMs - r.coldOffMs)) / r.coldOffMs, 0)}%`,
      fmt(r.coldOffCpuMs, 0),
      fmt(r.coldCpuMs, 0),
      `${fmt((100 * (r.coldCpuMs - r.coldOffCpuMs)) / r.coldOffCpuMs, 0)}%`,
      `${r.coldOffRuns.map((v) => fmt(v, 0)).join(' ')} / ${r.coldRuns.map((v) => fmt(v, 0)).join(' ')}`,
      `${fmt(r.offP50, 0)} / ${fmt(r.offP99, 0)}`,
      `${fmt(r.ourP50, 0)} / ${fmt(r.ourP99, 0)}`,
    ]),
  );
  const text = table(
    'Listing: GET /api/cassettes, 1 connection (autocannon); baseline parses every file per request',
    [
      'cassettes',
      'cold index ms',
      'heap B/cassette',
      'RSS B/cassette',
      'magneto p50 ms',
      'p99 ms',
      'baseline p50 ms',
      'p99 ms',
      '× faster (p50)',
      'items listed',
      'body KiB',
    ],
    rows.map((r) => [
      r.count.toLocaleString('en-US'),
      fmt(r.coldMs, 0),
      fmt(r.heapPerCassette, 0),
      fmt(r.rssPerCassette, 0),
      fmt(r.ourP50, 1),
      fmt(r.ourP99, 1),
      fmt(r.baseP50, 0),
      fmt(r.baseP99, 0),
      `${fmt(r.baseP50 / Math.max(r.ourP50, 0.5), 0)}×`,
      r.totalItems,
      fmt(r.bodyBytes / 1024, 0),
    ]),
  );
  const [a, b] = rows.slice(-2);
  const marginal =
    a && b && b.count > a.count
      ? `\nMarginal memory per indexed cassette (between ${a.count} and ${b.count}): heap ${fmt((b.heapPerCassette * b.count - a.heapPerCassette * a.count) / (b.count - a.count), 0)} B, RSS ${fmt((b.rssPerCassette * b.count - a.rssPerCassette * a.count) / (b.count - a.count), 0)} B (RSS after the warm GETs).\n`
      : '';
  return {
    rows,
    cores,
    text:
      `\nData: ${max.toLocaleString('en-US')} cassettes, ${fmt(totalBytes / 2 ** 20, 0)} MiB (pretty-printed upstream JSON; 79% small, 20% medium, 1% large up to ~1.7 MB, 0.2% unreadable); smaller sets are hard links to the first N.\n` +
      text +
      marginal +
      scanText +
      coresTable(cores, coreRepeat),
  };
}
