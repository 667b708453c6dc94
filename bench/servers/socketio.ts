/** Socket.IO 4.8 baseline: `io.emit('event', obj)` per event, websocket transport. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { procStats, serveParent, notifyParent } from '../lib/child.js';
import { nowMs } from '../lib/stats.js';
import { createdEvent, steadyBursts } from '../fanout/payload.js';

const http = createServer();
const io = new Server(http, { serveClient: false, transports: ['websocket'], perMessageDeflate: false });
let seq = 0;
http.listen(0, '127.0.0.1', () => notifyParent('listening', { port: (http.address() as AddressInfo).port }));

serveParent(
  {
    stats: (m) => procStats(m.gc === true),
    clients: () => io.engine.clientsCount,
    run: async (m) => {
      const firstSeq = seq + 1;
      await steadyBursts(
        Number(m.count),
        Number(m.rate),
        Math.max(1, Number(m.burst ?? 1)),
        (_first, n, at) => {
          for (let k = 0; k < n; k++) io.emit('event', createdEvent(++seq, at));
        },
        nowMs,
      );
      return { firstSeq, lastSeq: seq, frames: seq - firstSeq + 1, queuedFraction: null };
    },
  },
  () =>
    new Promise<void>((resolve) => {
      io.disconnectSockets(true);
      void io.close(() => resolve());
    }),
);
