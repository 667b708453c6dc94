/** Runs the fan-out matrix and renders its tables (medians over repeats, ratios within the run). */
import { fmt, table } from '../lib/table.js';
import { median } from '../lib/stats.js';
import { runCase, type CaseResult, type CaseSpec, type Variant } from './fanout.js';

export interface FanoutOptions {
  clients: number[];
  seconds: number;
  repeat: number;
  /** Target deliveries/s in throughput cases: rate = deliveries / N. */
  deliveries: number;
  /** Events per burst (magneto batch=1) and events per frame hint. @default 10 */
  batch?: number;
  cpuProfDir?: string | undefined;
  variants?: Variant[];
  log: (line: string) => void;
}

function med(results: CaseResult[], key: keyof CaseResult): number {
  return median(results.map((r) => Number(r[key])));
}

export interface Summary {
  variant: Variant;
  clients: number;
  burst: number;
  runs: CaseResult[];
  rate: number;
  eventsPerFrame: number;
  usPerDelivery: number;
  perCore: number;
  lastP50: number;
  lastP99: number;
  clientCpuPct: number;
  kibPerConn: number;
  check: string;
}

function summarize(runs: CaseResult[]): Summary {
  const r0 = runs[0] as CaseResult;
  return {
    variant: r0.variant,
    clients: r0.clients,
    burst: r0.burst ?? 1,
    runs,
    rate: r0.rate,
    eventsPerFrame: median(runs.map((r) => r.deliveries / Math.max(1, r.frames))),
    usPerDelivery: med(runs, 'usPerDelivery'),
    perCore: med(runs, 'deliveriesPerCoreSec'),
    lastP50: med(runs, 'lastP50'),
    lastP99: med(runs, 'lastP99'),
    clientCpuPct: med(runs, 'clientCpuPct'),
    kibPerConn: med(runs, 'kibPerConn'),
    check: [...new Set(runs.map((r) => r.check))].join('; '),
  };
}

async function repeatCase(spec: CaseSpec, repeat: number, log: (l: string) => void): Promise<Summary> {
  const runs: CaseResult[] = [];
  for (let i = 0; i < repeat; i++) {
    const r = await runCase(spec);
    log(
      `  ${spec.variant.padEnd(13)} N=${spec.clients} ${fmt(spec.rate)} ev/s: ${fmt(r.usPerDelivery, 2)} µs/delivery, ` +
        `last p99 ${fmt(r.lastP99)} ms, ${fmt(r.deliveries / Math.max(1, r.frames), 1)} ev/frame, clients ${fmt(r.clientCpuPct, 0)}% CPU, ${r.check}`,
    );
    runs.push(r);
  }
  return summarize(runs);
}

/** Throughput and idle-memory matrix. */
export async function runFanout(
  o: FanoutOptions,
): Promise<{ summaries: Summary[]; createUs: number; text: string }> {
  const batch = o.batch ?? 10;
  const summaries: Summary[] = [];
  const want = new Set<Variant>(o.variants ?? ['magneto', 'magneto-batch', 'bare', 'bare-batch', 'socketio']);
  // Server CPU per POST create with a single client: subtracted to give the net fan-out cost.
  const rate0 = o.deliveries / (o.clients[0] ?? 1000);
  const one = await runCase({
    variant: 'magneto',
    clients: 1,
    rate: rate0,
    seconds: o.seconds,
    cpuProfDir: o.cpuProfDir,
  });
  const createUs = (one.serverCpuSec * 1e6) / one.events;
  o.log(`  create cost: ${fmt(createUs, 0)} µs server CPU per POST create (1 client, ${fmt(rate0)} ev/s)`);
  for (const n of o.clients) {
    const rate = o.deliveries / n;
    const base = { clients: n, seconds: o.seconds, cpuProfDir: o.cpuProfDir };
    const bursty = { ...base, rate: rate * 3, burst: batch };
    if (want.has('magneto'))
      summaries.push(await repeatCase({ ...base, variant: 'magneto', rate }, o.repeat, o.log));
    if (want.has('bare'))
      summaries.push(await repeatCase({ ...base, variant: 'bare', rate }, o.repeat, o.log));
    if (want.has('socketio'))
      summaries.push(await repeatCase({ ...base, variant: 'socketio', rate }, o.repeat, o.log));
    if (want.has('magneto-batch'))
      summaries.push(await repeatCase({ ...bursty, variant: 'magneto-batch' }, o.repeat, o.log));
    if (want.has('bare-batch'))
      summaries.push(await repeatCase({ ...bursty, variant: 'bare-batch' }, o.repeat, o.log));
    if (want.has('socketio'))
      summaries.push(await repeatCase({ ...bursty, variant: 'socketio' }, o.repeat, o.log));
  }
  return { summaries, createUs, text: fanoutTables(summaries, createUs) };
}

const LABEL: Record<Variant, string> = {
  magneto: 'magneto-watch /ws',
  'magneto-batch': 'magneto-watch /ws?batch=1',
  bare: 'bare ws (floor)',
  'bare-batch': 'bare ws, 1 frame per burst',
  socketio: 'Socket.IO 4.8',
};

export function fanoutTables(summaries: Summary[], createUs: number): string {
  const find = (v: Variant, n: number, burst: number): Summary | undefined =>
    summaries.find((s) => s.variant === v && s.clients === n && s.burst === burst);
  const ratio = (a: Summary | undefined, b: Summary | undefined): string =>
    a && b ? `${fmt(a.perCore / b.perCore, 2)}×` : '-';
  const rows = summaries.map((s) => {
    const floor = find(s.burst > 1 ? 'bare-batch' : 'bare', s.clients, s.burst);
    const magneto = s.variant.startsWith('magneto');
    const net = magneto ? (s.usPerDelivery * s.clients - createUs) / s.clients : s.usPerDelivery;
    return [
      LABEL[s.variant],
      s.clients.toLocaleString('en-US'),
      `${fmt(s.rate, 1)}${s.burst > 1 ? ` (bursts of ${s.burst})` : ''}`,
      fmt(s.eventsPerFrame, 1),
      fmt(s.usPerDelivery, 2),
      magneto ? fmt(net, 2) : '',
      Math.round(s.perCore).toLocaleString('en-US'),
      ratio(s, floor),
      ratio(s, find('socketio', s.clients, s.burst)),
      fmt(s.lastP50, 1),
      fmt(s.lastP99, 1),
      fmt(s.clientCpuPct, 0),
      s.check,
    ];
  });
  const mem = summaries
    .filter((s) => s.burst === 1)
    .map((s) => [LABEL[s.variant], s.clients.toLocaleString('en-US'), fmt(s.kibPerConn, 2)]);
  return (
    table(
      `Fan-out: server CPU per delivery (medians; ratios = deliveries per server-core second vs the same arrival pattern in the same run; magneto net = minus ${fmt(createUs, 0)} µs per POST create)`,
      [
        'server',
        'clients',
        'events/s',
        'events/frame',
        'µs CPU/delivery',
        'net µs',
        'deliveries/s/core',
        '× bare ws',
        '× Socket.IO',
        'last p50 ms',
        'last p99 ms',
        'client CPU %',
        'load check',
      ],
      rows,
    ) +
    table(
      'Fan-out: server RSS per idle connection (RSS after connect − before, after GC)',
      ['server', 'clients', 'KiB/conn'],
      mem,
    )
  );
}

/** The latency case: `clients` × `rate` events/s, steady (no bursts). */
export async function runLatency(o: {
  clients: number;
  rate: number;
  seconds: number;
  repeat: number;
  log: (l: string) => void;
  cpuProfDir?: string | undefined;
}): Promise<{ summaries: Summary[]; text: string }> {
  const summaries: Summary[] = [];
  for (const variant of ['magneto', 'magneto-batch', 'bare', 'socketio'] as Variant[]) {
    summaries.push(
      await repeatCase(
        { variant, clients: o.clients, rate: o.rate, seconds: o.seconds, cpuProfDir: o.cpuProfDir },
        o.repeat,
        o.log,
      ),
    );
  }
  const rows = summaries.map((s) => [
    LABEL[s.variant],
    fmt(s.eventsPerFrame, 2),
    fmt(s.usPerDelivery, 2),
    fmt(s.lastP50, 1),
    fmt(s.lastP99, 1),
    fmt(s.clientCpuPct, 0),
    s.check,
  ]);
  return {
    summaries,
    text: table(
      `Latency: create→delivery at the last of ${o.clients.toLocaleString('en-US')} clients, ${o.rate} events/s steady (medians)`,
      ['server', 'events/frame', 'µs CPU/delivery', 'p50 ms', 'p99 ms', 'client CPU %', 'load check'],
      rows,
    ),
  };
}
