/**
 * A fake of the upstream magneto-serge v0.7 Rust API (protocol.md §4.5), on a real
 * port: camelCase Hydra `/api/cassettes` paged by `hydra:view` (limit 20 by default), links
 * built from the *bind host* (`http://0.0.0.0:PORT`, as upstream does), REST `/cassettes`
 * `{cassettes,total}`, `DELETE /cassettes/:name` → 204, no `/ws` (upgrade → 404).
 */
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface UpstreamCassette {
  name: string;
  /** RFC 3339; the Hydra API shows it with `+00:00`, the REST API with `Z`. */
  recordedAt: string;
  interactionCount: number;
  sizeBytes?: number;
}

export interface FakeUpstreamOptions {
  cassettes?: UpstreamCassette[];
  /** Answer 404 for everything under `/api` (the `magneto-api` binary). */
  noApi?: boolean;
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
function plusOffset(z: string): string {
  return z.replace(/Z$/, '+00:00');
}

export class FakeUpstream {
  readonly cassettes = new Map<string, UpstreamCassette>();
  /** Every request, `METHOD path?query`. */
  readonly requests: string[] = [];
  /** When set, every request is answered 500 (a failing poll). */
  failing = false;
  url = '';
  port = 0;
  private readonly http: Server;
  private readonly waiters: Array<(request: string) => void> = [];

  constructor(private readonly options: FakeUpstreamOptions = {}) {
    for (const c of options.cassettes ?? []) this.cassettes.set(c.name, c);
    this.http = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://placeholder');
      const line = `${req.method} ${url.pathname}${url.search}`;
      this.requests.push(line);
      for (const w of this.waiters.splice(0)) w(line);
      if (this.failing) return plain(res, 500, 'Internal Server Error');
      this.route(req.method ?? 'GET', url, res);
    });
    // axum has no /ws route: the upgrade is an ordinary request answered 404.
    this.http.on('upgrade', (req, socket: Socket) => {
      this.requests.push(`UPGRADE ${req.url}`);
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    });
  }

  async listen(): Promise<this> {
    this.http.listen(0, '127.0.0.1');
    await once(this.http, 'listening');
    const address = this.http.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.url = `http://127.0.0.1:${this.port}`;
    return this;
  }

  /** Resolves with the next request line (`METHOD path?query`). */
  nextRequest(): Promise<string> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** Upstream's absolute URLs use the bind host, not the Host header. */
  private get bindBase(): string {
    return `http://0.0.0.0:${this.port}`;
  }

  private sorted(): UpstreamCassette[] {
    return [...this.cassettes.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private route(method: string, url: URL, res: ServerResponse): void {
    const path = url.pathname;
    if (path === '/health') return json(res, 200, { status: 'healthy', version: '0.7.0', uptime_seconds: 0 });
    if (path === '/api' || path.startsWith('/api/')) {
      if (this.options.noApi) return plain(res, 404, '');
      if (method !== 'GET') return plain(res, 405, '');
      if (path === '/api/cassettes') return this.hydraList(url, res);
      const m = /^\/api\/cassettes\/([^/]+)(\/interactions)?$/.exec(path);
      const c = m ? this.cassettes.get(decodeURIComponent(m[1] ?? '')) : undefined;
      if (!m || !c) return plain(res, 404, `Cassette '${m?.[1] ?? ''}' not found`);
      if (m[2]) return this.hydraInteractions(c, url, res);
      return json(res, 200, this.resource(c));
    }
    if (path === '/cassettes' && method === 'GET') {
      const list = this.sorted().map((c) => this.metadata(c));
      return json(res, 200, { cassettes: list, total: list.length });
    }
    const m = /^\/cassettes\/([^/]+)(\/stats)?$/.exec(path);
    if (m) {
      const name = decodeURIComponent(m[1] ?? '');
      const c = this.cassettes.get(name);
      const notFound = { error: 'cassette_not_found', message: `Cassette '${name}' not found`, status: 404 };
      if (!c) return json(res, 404, notFound);
      if (method === 'DELETE' && !m[2]) {
        this.cassettes.delete(name);
        res.writeHead(204);
        return void res.end();
      }
      if (method === 'GET' && m[2]) {
        return json(res, 200, {
          total_interactions: c.interactionCount,
          http_count: c.interactionCount,
          websocket_count: 0,
          http_error_count: 0,
        });
      }
      if (method === 'GET') return json(res, 200, this.metadata(c));
    }
    plain(res, 404, '');
  }

  private page<T>(items: T[], url: URL, path: string) {
    const page = Math.max(1, Number(url.searchParams.get('page') ?? '1'));
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? '20')));
    const last = Math.max(1, Math.ceil(items.length / limit));
    const link = (p: number) => `${this.bindBase}${path}?page=${p}&limit=${limit}`;
    const view =
      last > 1
        ? {
            'hydra:view': {
              '@id': link(page),
              '@type': 'hydra:PartialCollectionView',
              'hydra:first': link(1),
              ...(page > 1 ? { 'hydra:previous': link(page - 1) } : {}),
              ...(page < last ? { 'hydra:next': link(page + 1) } : {}),
              'hydra:last': link(last),
            },
          }
        : {};
    return {
      '@context': { hydra: 'http://www.w3.org/ns/hydra/core#', magneto: 'http://magneto-serge.dev/vocab#' },
      '@id': `${this.bindBase}${path}`,
      '@type': 'hydra:Collection',
      'hydra:totalItems': items.length,
      'hydra:member': items.slice((page - 1) * limit, page * limit),
      ...view,
    };
  }

  private hydraList(url: URL, res: ServerResponse): void {
    json(
      res,
      200,
      this.page(
        this.sorted().map((c) => this.resource(c)),
        url,
        '/api/cassettes',
      ),
    );
  }

  private hydraInteractions(c: UpstreamCassette, url: URL, res: ServerResponse): void {
    const items = Array.from({ length: c.interactionCount }, (_, i) => ({
      kind: 'Http',
      '@id': `${this.bindBase}/api/cassettes/${c.name}/interactions/${i}`,
      request: { method: 'GET', url: `https://example.test/items/${i}`, headers: {} },
      response: { status: 200, headers: {}, hasTemplates: false },
      _links: {},
    }));
    json(res, 200, this.page(items, url, `/api/cassettes/${c.name}/interactions`));
  }

  private resource(c: UpstreamCassette): Record<string, unknown> {
    const self = `${this.bindBase}/api/cassettes/${c.name}`;
    return {
      name: c.name,
      version: '1.0',
      recordedAt: plusOffset(c.recordedAt),
      interactionCount: c.interactionCount,
      sizeBytes: c.sizeBytes ?? 100,
      format: 'Json',
      _links: {
        self: { href: self, title: 'Self' },
        interactions: { href: `${self}/interactions`, title: 'Interactions' },
      },
    };
  }

  private metadata(c: UpstreamCassette): Record<string, unknown> {
    return {
      name: c.name,
      path: `./cassettes/${c.name}.json`,
      size_bytes: c.sizeBytes ?? 100,
      size_human: '100 B',
      version: '1.0',
      recorded_at: c.recordedAt,
      interaction_count: c.interactionCount,
      age_days: 0,
      format: 'json',
    };
  }
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  return new FakeUpstream(options).listen();
}
