/**
 * A fake of the upstream magneto-serge v0.7 Rust API (protocol.md §4.5), on a real
 * port: camelCase Hydra `/api/cassettes` paged by `hydra:view` (limit 20 by default), links
 * built from the *bind host* (`http://0.0.0.0:PORT`, as upstream does), REST `/cassettes`
 * `{cassettes,total}`, `DELETE /cassettes/:name` → 204, no `/ws` (upgrade → 404).
 *
 * A cassette given with its file (`doc`) is served the way upstream serves it (its
 * `src/hydra/resources/interaction.rs` and `/cassettes/:name/stats`): test/fixtures/upstream/
 * captures.json holds what the real server answered, and test/client/fake-upstream.test.ts
 * checks that this fake answers the same.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { upstreamInteraction, upstreamStats } from './upstream-resources.js';

export interface UpstreamCassette {
  name: string;
  /** RFC 3339; the Hydra API shows it with `+00:00`, the REST API with `Z`. */
  recordedAt: string;
  interactionCount: number;
  sizeBytes?: number;
  /** The cassette file; without it, interactions and stats are made up from the count. */
  doc?: Record<string, unknown>;
}

/** A cassette file as upstream serves it: named by its stem. */
export async function upstreamCassette(path: string): Promise<UpstreamCassette> {
  const doc = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  return {
    name: basename(path, '.json'),
    recordedAt: String(doc.recorded_at),
    interactionCount: (doc.interactions as unknown[]).length,
    // Upstream's sizeBytes is the length of the cassette re-serialised compactly.
    sizeBytes: JSON.stringify(doc).length,
    doc,
  };
}

export interface FakeUpstreamOptions {
  cassettes?: UpstreamCassette[];
  /** Answer 404 for everything under `/api` (the `magneto-api` binary). */
  noApi?: boolean;
  /** Answer 500 to `GET /cassettes/:name/stats`, so that per-kind counts are unknown. */
  failStats?: boolean;
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
      const m = /^\/api\/cassettes\/([^/]+)(?:\/(interactions)(?:\/([^/]+))?)?$/.exec(path);
      const name = decodeURIComponent(m?.[1] ?? '');
      const c = m ? this.cassettes.get(name) : undefined;
      // axum parses `:id` as a usize before the handler runs (not in the captures).
      if (m?.[3] !== undefined && !/^\+?\d{1,19}$/.test(m[3]))
        return plain(res, 400, `Invalid URL: Cannot parse \`${m[3]}\` to a \`u64\``);
      if (!m || !c) return plain(res, 404, `Cassette '${name}' not found`);
      if (m[3] !== undefined) return this.hydraInteraction(c, Number(m[3]), res);
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
        if (this.options.failStats) return plain(res, 500, 'Internal Server Error');
        if (c.doc) return json(res, 200, upstreamStats(c.doc));
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

  private interactionsOf(c: UpstreamCassette): Record<string, unknown>[] {
    if (c.doc) {
      const raw = c.doc.interactions as Record<string, unknown>[];
      return raw.map((it, i) => upstreamInteraction(it, c.name, i, this.bindBase));
    }
    return Array.from({ length: c.interactionCount }, (_, i) => ({
      kind: 'Http',
      '@id': `${this.bindBase}/api/cassettes/${c.name}/interactions/${i}`,
      request: { method: 'GET', url: `https://example.test/items/${i}`, headers: {} },
      response: { status: 200, headers: {}, hasTemplates: false },
      _links: {},
    }));
  }

  private hydraInteractions(c: UpstreamCassette, url: URL, res: ServerResponse): void {
    json(res, 200, this.page(this.interactionsOf(c), url, `/api/cassettes/${c.name}/interactions`));
  }

  private hydraInteraction(c: UpstreamCassette, id: number, res: ServerResponse): void {
    const item = this.interactionsOf(c)[id];
    if (!item) return plain(res, 404, `Interaction ${id} not found in cassette '${c.name}'`);
    json(res, 200, item);
  }

  private resource(c: UpstreamCassette): Record<string, unknown> {
    // Links and `name` use the name inside the file, while a cassette is found by its stem.
    const name = typeof c.doc?.name === 'string' ? c.doc.name : c.name;
    const self = `${this.bindBase}/api/cassettes/${name}`;
    return {
      name,
      version: typeof c.doc?.version === 'string' ? c.doc.version : '1.0',
      recordedAt: plusOffset(c.recordedAt),
      interactionCount: c.interactionCount,
      sizeBytes: c.sizeBytes ?? 100,
      format: 'Json',
      _links: {
        self: { href: self, title: 'Self' },
        interactions: { href: `${self}/interactions`, title: 'Interactions' },
        edit: { href: self, title: 'Edit cassette' },
        delete: { href: self, title: 'Delete cassette' },
        duplicate: { href: `${self}/duplicate`, title: `Duplicate ${name}` },
        export: { href: `${self}/export`, title: 'Export cassette' },
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
