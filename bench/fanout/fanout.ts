/**
 * Fan-out benchmark: N WebSocket clients, events at a steady rate;
 * server CPU per delivery, create→delivery latency at the last client, RSS per
 * idle connection — magneto-watch /ws (plain and batch=1) against a bare ws
 * broadcast loop (the floor, also batched the same way) and Socket.IO 4.8.
 */
import { startChild, SERVER_CORE, LOAD_CORE, type BenchChild, type ProcStats } from '../lib/child.js';
import { send } from '../lib/http.js';
import { cpuSeconds, median, nowMs, quantile } from '../lib/stats.js';
import { tempDir } from '../lib/tmp.js';
import { steadyBursts } from './payload.js';
import type { StartResult } from '../servers/magneto.js';

export type Variant = 'magneto' | 'magneto-batch' | 'bare' | 'bare-batch' | 'socketio';

export interface CaseSpec {
  variant: Variant;
  clients: number;
  /** Events per second. */
  rate: number;
  seconds: number;
  /** Events created in the same tick (POSTs sent together for magneto); bare-batch sends each burst as one frame. @default 1 */
  burst?: number;
  cpuProfDir?: string | undefined;
}

export interface CaseResult extends CaseSpec {
  events: number;
  deliveries: number;
  frames: number;
  serverCpuSec: number;
  usPerDelivery: number;
  deliveriesPerCoreSec: number;
  lastP50: number;
  lastP99: number;
  deliveryP99: number;
  clientCpuPct: number;
  rssIdleBefore: number;
  rssIdleAfter: number;
  kibPerConn: number;
  complete: boolean;
  errors: number;
  missing: number;
  queuedFraction: number | null;
  wallSec: number;
  /** Empty when the load was honest; otherwise why not. */
  check: string;
}

interface WaitResult {
  complete: boolean;
  missing: number;
  errors: number;
  frames: number;
  messages: number;
  closed: number;
  lastLat: number[];
  deliveryP50: number;
  deliveryP99: number;
  clientCpuSec: number;
}

const WARMUP = 50;

const SCRIPT: Record<Variant, string> = {
  magneto: 'servers/magneto.ts',
  'magneto-batch': 'servers/magneto.ts',
  bare: 'servers/bare-ws.ts',
  'bare-batch': 'servers/bare-ws.ts',
  socketio: 'servers/socketio.ts',
};

/** POSTs `count` creates at a steady `rate`, `burst` at a time; description = send time. */
export async function postCreates(
  base: string,
  count: number,
  rate: number,
  burst: number,
  prefix: string,
): Promise<number> {
  const sent: Promise<number>[] = [];
  await steadyBursts(
    count,
    rate,
    burst,
    (first, n) => {
      for (let i = first; i < first + n; i++) {
        sent.push(
          send(`${base}/api/cassettes`, 'POST', {
            name: `${prefix}-${i}`,
            description: nowMs().toFixed(3),
          }).then(
            (r) => (r.status === 201 ? 0 : 1),
            () => 1,
          ),
        );
      }
    },
    nowMs,
  );
  return (await Promise.all(sent)).reduce((a, b) => a + b, 0);
}

async function startServer(spec: CaseSpec): Promise<{ child: BenchChild; url: string; seq: number }> {
  const child = startChild(SCRIPT[spec.variant], {
    core: SERVER_CORE,
    cpuProfDir: spec.cpuProfDir,
    name: `${spec.variant}-${spec.clients}`,
  });
  if (spec.variant.startsWith('magneto')) {
    const dir = await tempDir('fanout');
    const r = await child.request<StartResult>('start', { options: { dir } });
    const q = spec.variant === 'magneto-batch' ? '?batch=1' : '';
    return { child, url: `${r.url.replace(/^http/, 'ws')}/ws${q}`, seq: r.seq };
  }
  const { port } = await child.event<{ port: number }>('listening');
  const url =
    spec.variant === 'socketio'
      ? `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`
      : `ws://127.0.0.1:${port}/ws`;
  return { child, url, seq: 0 };
}

/** Runs one case in fresh processes and checks that the load was honest. */
export async function runCase(spec: CaseSpec): Promise<CaseResult> {
  const { child: server, url, seq } = await startServer(spec);
  const load = startChild('fanout/clients.ts', { core: LOAD_CORE });
  try {
    await new Promise((r) => setTimeout(r, 300));
    const idle0 = await server.request<ProcStats>('stats', { gc: true });
    const conn = await load.request<{ connected: number; helloSeq: number }>('connect', {
      url,
      n: spec.clients,
      kind: spec.variant === 'socketio' ? 'sio' : 'ws',
    });
    if (conn.connected !== spec.clients) throw new Error(`only ${conn.connected} clients connected`);
    await new Promise((r) => setTimeout(r, 1000));
    const idle1 = await server.request<ProcStats>('stats', { gc: true });
    const count = Math.max(1, Math.round(spec.rate * spec.seconds));
    // Warm-up (JIT, fastify route compilation, buffers): 50 events, then a pause.
    const magneto = spec.variant.startsWith('magneto');
    const base = url.replace(/^ws/, 'http').replace(/\/(ws|socket\.io).*$/, '');
    let lastSeq = seq;
    if (magneto) {
      await postCreates(base, WARMUP, 100, 1, `w${spec.clients}`);
      await new Promise((r) => setTimeout(r, 300));
      lastSeq = await server.request<number>('seq');
    } else {
      lastSeq = (await server.request<{ lastSeq: number }>('run', { rate: 100, count: WARMUP, burst: 1 }))
        .lastSeq;
      await new Promise((r) => setTimeout(r, 300));
    }
    const first = lastSeq + 1;
    const armed = await load.request<ProcStats>('arm', { first, count });
    const cpu0 = (await server.request<ProcStats>('stats')).cpu;
    const t0 = performance.now();
    let queuedFraction: number | null = null;
    let failed = 0;
    if (magneto) {
      failed = await postCreates(base, count, spec.rate, spec.burst ?? 1, `c${spec.clients}`);
    } else {
      const r = await server.request<{ queuedFraction: number | null }>(
        'run',
        { rate: spec.rate, count, burst: spec.burst ?? 1, coalesce: spec.variant === 'bare-batch' },
        (spec.seconds + 60) * 1000,
      );
      queuedFraction = r.queuedFraction;
    }
    const w = await load.request<WaitResult>('wait', { timeoutMs: 10_000, cpuFrom: armed.cpu }, 60_000);
    const wallSec = (performance.now() - t0) / 1000;
    const cpu1 = (await server.request<ProcStats>('stats')).cpu;
    const serverCpuSec = cpuSeconds(cpu0, cpu1);
    const deliveries = w.messages;
    const clientCpuPct = (100 * w.clientCpuSec) / wallSec;
    const lastP99 = quantile(w.lastLat, 0.99);
    const problems: string[] = [];
    if (failed > 0) problems.push(`${failed} POST failed`);
    if (!w.complete) problems.push(`${w.missing} missing`);
    if (w.errors > 0) problems.push(`${w.errors} out of order`);
    if (w.closed > 0) problems.push(`${w.closed} closed`);
    if (clientCpuPct > 90) problems.push(`clients ${clientCpuPct.toFixed(0)}% CPU`);
    if (queuedFraction !== null && queuedFraction > 0.01)
      problems.push(`${(queuedFraction * 100).toFixed(0)}% writes queued`);
    if (lastP99 > 1000) problems.push('lagging');
    return {
      ...spec,
      events: count,
      deliveries,
      frames: w.frames,
      serverCpuSec,
      usPerDelivery: (serverCpuSec * 1e6) / deliveries,
      deliveriesPerCoreSec: deliveries / serverCpuSec,
      lastP50: median(w.lastLat),
      lastP99,
      deliveryP99: w.deliveryP99,
      clientCpuPct,
      rssIdleBefore: idle0.rss,
      rssIdleAfter: idle1.rss,
      kibPerConn: (idle1.rss - idle0.rss) / 1024 / spec.clients,
      complete: w.complete && w.errors === 0,
      errors: w.errors,
      missing: w.missing,
      queuedFraction,
      wallSec,
      check: problems.join(', ') || 'ok',
    };
  } finally {
    // Server first: its sockets then sit in TIME_WAIT, not the clients' ephemeral ports.
    await server.stop();
    await load.stop();
  }
}
