/**
 * Load generator: N WebSocket clients in one process. Each client checks that it
 * gets every seq once and in order; per event it records the time the *last*
 * client received it (create→delivery at the last client). Speaks either the
 * magneto-watch /ws protocol (also used by the bare-ws baseline) or a minimal
 * Engine.IO v4 / Socket.IO v5 client over plain ws, so that client-side cost is
 * the same for every server.
 */
import { WebSocket } from 'ws';
import { procStats, serveParent } from '../lib/child.js';
import { nowMs, cpuSeconds } from '../lib/stats.js';

type Kind = 'ws' | 'sio';
interface Client {
  ws: WebSocket;
  expect: number;
  ready: boolean;
}

const clients: Client[] = [];
let firstSeq = 0;
let count = 0;
let recvCount = new Uint32Array(0);
let lastRecv = new Float64Array(0);
let created = new Float64Array(0);
let doneEvents = 0;
let onAllDone: (() => void) | undefined;
let errors = 0;
let frames = 0;
let messages = 0;
let closed = 0;
let helloSeq = 0;
/** Per-delivery latency histogram, 0.1 ms buckets up to 10 s. */
let hist = new Uint32Array(100_000);

function onEvent(c: Client, seq: number, description: unknown, at: number): void {
  messages++;
  if (seq !== c.expect) errors++;
  if (seq >= c.expect) c.expect = seq + 1;
  const i = seq - firstSeq;
  if (i < 0 || i >= count) return;
  if (recvCount[i] === 0) created[i] = Number(description);
  const n = (recvCount[i] = (recvCount[i] ?? 0) + 1);
  if ((lastRecv[i] ?? 0) < at) lastRecv[i] = at;
  const lat = at - (created[i] ?? at);
  const b = Math.min(hist.length - 1, Math.max(0, Math.round(lat * 10)));
  hist[b] = (hist[b] ?? 0) + 1;
  if (n === clients.length && ++doneEvents === count) onAllDone?.();
}

interface Wire {
  type?: string;
  seq?: number;
  cassette?: { description?: unknown };
}

function handleObject(c: Client, o: Wire, at: number): void {
  if (o.type === 'Hello') {
    c.ready = true;
    c.expect = (o.seq ?? 0) + 1;
    helloSeq = o.seq ?? 0;
  } else if (o.type === 'CassetteCreated' && typeof o.seq === 'number') {
    onEvent(c, o.seq, o.cassette?.description, at);
  }
}

function openWs(url: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const c: Client = { ws, expect: 0, ready: false };
    ws.on('message', (data: Buffer) => {
      const at = nowMs();
      frames++;
      const v = JSON.parse(data.toString('utf8')) as Wire | Wire[];
      if (Array.isArray(v)) for (const o of v) handleObject(c, o, at);
      else handleObject(c, v, at);
      if (c.ready && v && !Array.isArray(v) && v.type === 'Hello') resolve(c);
    });
    ws.once('error', reject);
    ws.on('close', () => closed++);
  });
}

function openSio(url: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const c: Client = { ws, expect: 1, ready: false };
    ws.on('message', (data: Buffer) => {
      const at = nowMs();
      frames++;
      const s = data.toString('utf8');
      if (s.startsWith('42')) {
        const [, ev] = JSON.parse(s.slice(2)) as [string, Wire];
        if (typeof ev.seq === 'number') onEvent(c, ev.seq, ev.cassette?.description, at);
      } else if (s === '2') ws.send('3');
      else if (s.startsWith('0')) ws.send('40');
      else if (s.startsWith('40')) {
        c.ready = true;
        resolve(c);
      }
    });
    ws.once('error', reject);
    ws.on('close', () => closed++);
  });
}

serveParent(
  {
    /** Opens n clients, `concurrency` handshakes at a time; resolves when each got its Hello / CONNECT. */
    connect: async (m) => {
      const kind = m.kind as Kind;
      const n = Number(m.n);
      const url = String(m.url);
      const t0 = performance.now();
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < n) {
          next++;
          clients.push(await (kind === 'sio' ? openSio(url) : openWs(url)));
        }
      };
      await Promise.all(Array.from({ length: Math.min(n, Number(m.concurrency ?? 100)) }, worker));
      return { connected: clients.length, ms: performance.now() - t0, helloSeq };
    },
    /** Prepares to receive `count` events starting at `first`. */
    arm: (m) => {
      firstSeq = Number(m.first);
      count = Number(m.count);
      recvCount = new Uint32Array(count);
      lastRecv = new Float64Array(count);
      created = new Float64Array(count);
      hist = new Uint32Array(100_000);
      doneEvents = 0;
      errors = frames = messages = 0;
      for (const c of clients) c.expect = firstSeq;
      return procStats();
    },
    /** Waits until every client got every armed event (or timeout), then reports. */
    wait: async (m) => {
      const armedCpu = m.cpuFrom as NodeJS.CpuUsage;
      if (doneEvents < count) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Number(m.timeoutMs ?? 10_000));
          onAllDone = () => {
            clearTimeout(t);
            resolve();
          };
        });
        onAllDone = undefined;
      }
      const end = procStats();
      const lastLat: number[] = [];
      let missing = 0;
      for (let i = 0; i < count; i++) {
        missing += clients.length - (recvCount[i] ?? 0);
        if ((recvCount[i] ?? 0) > 0) lastLat.push((lastRecv[i] ?? 0) - (created[i] ?? 0));
      }
      const q = (p: number): number => {
        const total = hist.reduce((a, b) => a + b, 0);
        let acc = 0;
        for (let i = 0; i < hist.length; i++) if ((acc += hist[i] ?? 0) >= total * p) return i / 10;
        return Number.NaN;
      };
      return {
        complete: doneEvents === count,
        missing,
        errors,
        frames,
        messages,
        closed,
        lastLat,
        deliveryP50: q(0.5),
        deliveryP99: q(0.99),
        clientCpuSec: cpuSeconds(armedCpu, end.cpu),
      };
    },
  },
  () => {
    for (const c of clients) c.ws.terminate();
  },
);
