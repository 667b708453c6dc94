/**
 * Listing benchmark: cold index time and warm GET /api/cassettes
 * latency (autocannon, 1 connection) of magneto-watch against a baseline that
 * parses every file on every request; memory per indexed cassette.
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startChild, SERVER_CORE, type ProcStats } from '../lib/child.js';
import { send } from '../lib/http.js';
import { fmt, table } from '../lib/table.js';
import { tempDir } from '../lib/tmp.js';
import type { StartResult } from '../servers/magneto.js';
import { coresTable, runColdCores, type CoresRow } from './cores.js';
import { generateCassettes, linkSubset } from './generate.js';

export interface ListingRow {
  count: number;
  bytes: number;
  coldMs: number;
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

export async function runListing(o: {
  counts: number[];
  seconds: number;
  /** Repetitions of each cold index per core count (at least 3). */
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

    const ours = startChild('servers/magneto.ts', {
      core: SERVER_CORE,
      cpuProfDir: o.cpuProfDir,
      name: `listing-${count}`,
    });
    let row: Partial<ListingRow> = { count, bytes };
    try {
      const s = await ours.request<StartResult>('start', { options: { dir } }, 600_000);
      const url = `${s.url}/api/cassettes`;
      const first = await send(url, 'GET');
      const items = (JSON.parse(first.body) as { 'hydra:totalItems': number })['hydra:totalItems'];
      const warm = await measure(url, { seconds: o.seconds });
      const after = await ours.request<ProcStats>('stats', { gc: true });
      row = {
        ...row,
        coldMs: s.coldMs,
        heapPerCassette: (s.after.heapUsed - s.before.heapUsed) / count,
        rssPerCassette: (after.rss - s.before.rss) / count,
        ourP50: warm.p50,
        ourP99: warm.p99,
        ourReqs: warm.n,
        bodyBytes: first.body.length,
        totalItems: items,
      };
      o.log(
        `  magneto ${count}: cold ${fmt(s.coldMs, 0)} ms, warm p50 ${warm.p50} ms p99 ${warm.p99} ms (${warm.n} req), ${items} items`,
      );
    } finally {
      await ours.stop();
    }
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
      coresTable(cores, coreRepeat),
  };
}
