/**
 * Floor baseline: a bare `ws` server whose broadcast loop sends one
 * pre-serialized Buffer per event to every client (or, with perFrame > 1,
 * one JSON array of perFrame events per frame).
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { procStats, serveParent, notifyParent } from '../lib/child.js';
import { nowMs } from '../lib/stats.js';
import { createdEvent, steadyBursts, BENCH_EPOCH } from '../fanout/payload.js';

const clients = new Set<WebSocket>();
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  path: '/ws',
  perMessageDeflate: false,
  clientTracking: false,
});
let seq = 0;
wss.on('connection', (ws) => {
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
  ws.on('error', () => clients.delete(ws));
  ws.send(JSON.stringify({ type: 'Hello', epoch: BENCH_EPOCH, seq, heartbeat_ms: 30000, server: 'bare-ws' }));
});

function broadcast(buf: Buffer, sample: boolean, counts: { queued: number; sampled: number }): void {
  for (const ws of clients) ws.send(buf, { binary: false });
  if (sample) {
    // Sockets with bytes still in user space: the kernel buffer was full, i.e. a lagging client.
    for (const ws of clients) if (ws.bufferedAmount > 0) counts.queued++;
    counts.sampled += clients.size;
  }
}

wss.on('listening', () => notifyParent('listening', { port: (wss.address() as AddressInfo).port }));

serveParent(
  {
    stats: (m) => procStats(m.gc === true),
    clients: () => clients.size,
    /** `count` events at `rate`/s in bursts of `burst` per tick; `coalesce`: one array frame per burst. */
    run: async (m) => {
      const count = Number(m.count);
      const burst = Math.max(1, Number(m.burst ?? 1));
      const coalesce = m.coalesce === true;
      const counts = { queued: 0, sampled: 0 };
      let frames = 0;
      const firstSeq = seq + 1;
      await steadyBursts(
        count,
        Number(m.rate),
        burst,
        (_first, n, at) => {
          if (coalesce) {
            const events = Array.from({ length: n }, () => createdEvent(++seq, at));
            broadcast(Buffer.from(JSON.stringify(events)), ++frames % 10 === 0, counts);
            return;
          }
          for (let k = 0; k < n; k++)
            broadcast(Buffer.from(JSON.stringify(createdEvent(++seq, at))), ++frames % 10 === 0, counts);
        },
        nowMs,
      );
      return {
        firstSeq,
        lastSeq: seq,
        frames,
        queuedFraction: counts.sampled ? counts.queued / counts.sampled : 0,
      };
    },
  },
  () =>
    new Promise<void>((resolve) => {
      for (const ws of clients) ws.terminate();
      wss.close(() => resolve());
    }),
);
