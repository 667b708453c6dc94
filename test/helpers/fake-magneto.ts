/**
 * A small in-process fake of our own protocol (protocol.md §2 list, §3 /ws) for client unit
 * tests: real HTTP + ws on 127.0.0.1 port 0, every move scripted by the test.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CassetteEvent, CassetteSummary, ResyncReason } from '../../src/protocol/index.js';

export interface FakeConnection {
  /** The upgrade URL (path and query: since, epoch, batch). */
  url: URL;
  headers: IncomingHttpHeaders;
  ws: WebSocket;
  /** The raw TCP socket; `pause()` makes the server stop reading (a frozen peer). */
  socket: Socket;
  /** Sends one message, or an array of them as a single (batch) frame. */
  send(message: unknown): void;
  close(code?: number, reason?: string): void;
}

export interface FakeMagnetoOptions {
  epoch?: string;
  /** Send Hello on connect. @default true */
  hello?: boolean;
  /** Put `seq`/`epoch` in events and the list. @default true */
  withSeq?: boolean;
  /** Required bearer token, if any. */
  token?: string;
  /** Events kept for resume; older `since` gets Resync too_old. @default 1000 */
  ringSize?: number;
  /** Hello.heartbeat_ms. @default 30000 */
  heartbeatMs?: number;
}

export interface HeldList {
  /** Resolves when a list request has arrived (its snapshot is taken then). */
  requested: Promise<void>;
  /** Sends the held responses. */
  release(): void;
}

export class FakeMagneto {
  epoch: string;
  seq = 0;
  readonly table = new Map<string, CassetteSummary>();
  readonly connections: FakeConnection[] = [];
  readonly listRequests: Array<{ headers: IncomingHttpHeaders }> = [];
  /** When set, /ws upgrades are answered with this HTTP status. */
  upgradeStatus: number | null = null;
  /** Every /ws upgrade request, accepted or not. */
  upgradeAttempts = 0;
  url = '';
  port = 0;
  private readonly ring: CassetteEvent[] = [];
  private readonly waiters: Array<(c: FakeConnection) => void> = [];
  private hold: { arrived: () => void; pending: Array<() => void>; released: boolean } | null = null;
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true });

  constructor(private readonly options: FakeMagnetoOptions = {}) {
    this.epoch = options.epoch ?? 'epoch-1';
    this.http = createServer((req, res) => {
      if (!this.authorized(req.headers)) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'unauthorized', message: 'missing or bad token', status: 401 }));
        return;
      }
      if (req.method === 'GET' && req.url === '/api/cassettes') {
        this.listRequests.push({ headers: req.headers });
        const body = JSON.stringify(this.collection());
        const send = () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(body);
        };
        if (this.hold && !this.hold.released) {
          this.hold.pending.push(send);
          this.hold.arrived();
        } else send();
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not_found', message: 'no such route', status: 404 }));
    });
    this.http.on('upgrade', (req, socket: Socket, head) => {
      this.upgradeAttempts++;
      const status = this.upgradeStatus ?? (this.authorized(req.headers) ? null : 401);
      if (status !== null || !req.url?.startsWith('/ws')) {
        const code = status ?? 404;
        socket.end(
          `HTTP/1.1 ${code} Refused\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\nrefused`,
        );
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) =>
        this.accept(ws, socket, req.url ?? '/ws', req.headers),
      );
    });
  }

  async listen(port = 0): Promise<this> {
    this.http.listen(port, '127.0.0.1');
    await once(this.http, 'listening');
    const address = this.http.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.url = `http://127.0.0.1:${this.port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** The next /ws connection (already accepted, Hello sent). */
  nextConnection(): Promise<FakeConnection> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Holds the responses of list requests until `release()`. */
  holdLists(): HeldList {
    let arrived!: () => void;
    const requested = new Promise<void>((resolve) => (arrived = resolve));
    const hold = { arrived, pending: [] as Array<() => void>, released: false };
    this.hold = hold;
    return {
      requested,
      release: () => {
        hold.released = true;
        for (const send of hold.pending.splice(0)) send();
      },
    };
  }

  /** Changes the table and broadcasts the event (unless `broadcast: false`: a silent change). */
  upsert(summary: CassetteSummary, opts: { broadcast?: boolean } = {}): CassetteEvent {
    const type = this.table.has(summary.name) ? 'CassetteUpdated' : 'CassetteCreated';
    this.table.set(summary.name, summary);
    return this.record(
      { type, cassette: summary, timestamp: new Date().toISOString(), seq: 0, epoch: '' },
      opts,
    );
  }

  remove(name: string, opts: { broadcast?: boolean } = {}): CassetteEvent {
    this.table.delete(name);
    return this.record(
      { type: 'CassetteDeleted', name, timestamp: new Date().toISOString(), seq: 0, epoch: '' },
      opts,
    );
  }

  /** A server restart: new epoch, seq from 0, sockets closed with 1001. */
  restart(epoch: string): void {
    this.epoch = epoch;
    this.seq = 0;
    this.ring.length = 0;
    for (const c of this.connections) c.close(1001, 'restart');
  }

  /** Wire form of an event (without seq/epoch when `withSeq` is false). */
  wire(e: CassetteEvent): Record<string, unknown> {
    if (this.options.withSeq === false) {
      const { seq: _seq, epoch: _epoch, ...rest } = e;
      return rest;
    }
    return { ...e };
  }

  broadcast(message: unknown): void {
    for (const c of this.connections) if (c.ws.readyState === c.ws.OPEN) c.send(message);
  }

  private record(e: CassetteEvent, opts: { broadcast?: boolean }): CassetteEvent {
    const event = { ...e, seq: ++this.seq, epoch: this.epoch } as CassetteEvent;
    this.ring.push(event);
    while (this.ring.length > (this.options.ringSize ?? 1000)) this.ring.shift();
    if (opts.broadcast !== false) this.broadcast(this.wire(event));
    return event;
  }

  private collection(): Record<string, unknown> {
    const members = [...this.table.values()].sort((a, b) => a.name.localeCompare(b.name));
    return {
      '@context': 'http://www.w3.org/ns/hydra/context.jsonld',
      '@id': '/api/cassettes',
      '@type': 'hydra:Collection',
      'hydra:totalItems': members.length,
      'hydra:member': members,
      ...(this.options.withSeq === false ? {} : { epoch: this.epoch, seq: this.seq }),
    };
  }

  private authorized(headers: IncomingHttpHeaders): boolean {
    return this.options.token === undefined || headers.authorization === `Bearer ${this.options.token}`;
  }

  private accept(ws: WebSocket, socket: Socket, path: string, headers: IncomingHttpHeaders): void {
    const url = new URL(path, 'http://127.0.0.1');
    const conn: FakeConnection = {
      url,
      headers,
      ws,
      socket,
      send: (message) => ws.send(JSON.stringify(message)),
      close: (code = 1000, reason = '') => ws.close(code, reason),
    };
    ws.on('error', () => undefined);
    this.connections.push(conn);
    if (this.options.hello !== false) {
      conn.send({
        type: 'Hello',
        epoch: this.epoch,
        seq: this.seq,
        heartbeat_ms: this.options.heartbeatMs ?? 30_000,
        server: 'fake-magneto/0',
      });
    }
    this.resume(conn, url.searchParams.get('since'), url.searchParams.get('epoch'));
    this.waiters.shift()?.(conn);
  }

  private resume(conn: FakeConnection, since: string | null, epoch: string | null): void {
    if (since === null || this.options.withSeq === false) return;
    const n = Number(since);
    const resync = (reason: ResyncReason) =>
      conn.send({ type: 'Resync', epoch: this.epoch, seq: this.seq, reason });
    if (epoch !== this.epoch) return resync('epoch');
    if (n > this.seq) return resync('ahead');
    const oldest = this.ring[0]?.seq ?? this.seq + 1;
    if (n < oldest - 1) return resync('too_old');
    for (const e of this.ring) if (e.seq > n) conn.send(this.wire(e));
  }
}

export async function startFakeMagneto(options: FakeMagnetoOptions = {}): Promise<FakeMagneto> {
  return new FakeMagneto(options).listen();
}
