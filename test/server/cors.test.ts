/**
 * CORS (protocol.md §6), every combination against a real server: origin allowed (the
 * server's own, or an --allow-origin), foreign or absent × method × server with or without
 * a token × request with or without it. Each answer's whole set of CORS headers is compared,
 * so removing any one of them fails a case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMagnetoServer, type MagnetoServer } from '../../src/server/index.js';
import { http, type HttpResult } from '../helpers/http.js';
import { rawWs } from '../helpers/raw-ws.js';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.js';

const TOKEN = 'tok-cors-1';
const LISTED = 'https://dash.example';
const FOREIGN = 'http://evil.example';

type OriginKind = 'own' | 'listed' | 'foreign' | 'absent';
type Request =
  'preflight' | 'list' | 'create' | 'update' | 'delete-missing' | 'bad-body' | 'health' | 'no-route';
type Server = 'open' | 'secured';

const CORS_NAMES = [
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'vary',
] as const;

const PREFLIGHT = {
  'access-control-allow-methods': 'GET, HEAD, POST, PUT, DELETE',
  'access-control-allow-headers': 'content-type, authorization',
  'access-control-max-age': '600',
};

let box: Sandbox;
const servers = {} as Record<Server, { server: MagnetoServer; port: number; url: string }>;

beforeAll(async () => {
  box = await makeSandbox();
  for (const kind of ['open', 'secured'] as const) {
    const server = createMagnetoServer({
      dir: box.dir,
      port: 0,
      allowOrigins: [LISTED],
      ...(kind === 'secured' ? { token: TOKEN } : {}),
    });
    const { port, url } = await server.listen();
    servers[kind] = { server, port, url };
  }
});

afterAll(async () => {
  for (const s of Object.values(servers)) await s.server.close();
  await box?.remove();
});

function originValue(kind: OriginKind, port: number): string | undefined {
  if (kind === 'own') return `http://127.0.0.1:${port}`;
  if (kind === 'listed') return LISTED;
  if (kind === 'foreign') return FOREIGN;
  return undefined;
}

let counter = 0;

/** Sends one request of `kind`; a create makes a fresh name so every case creates. */
function send(kind: Request, url: string, headers: Record<string, string>): Promise<HttpResult> {
  const json = { 'content-type': 'application/json' };
  switch (kind) {
    case 'preflight':
      return http(url, 'OPTIONS', '/api/cassettes', {
        headers: {
          ...headers,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      });
    case 'list':
      return http(url, 'GET', '/api/cassettes', { headers });
    case 'create':
      return http(url, 'POST', '/api/cassettes', {
        headers: { ...headers, ...json },
        body: { name: `cors-${process.pid}-${++counter}` },
      });
    case 'update':
      return http(url, 'PUT', '/api/cassettes/victim', {
        headers: { ...headers, ...json },
        body: { description: `set by case ${++counter}` },
      });
    case 'delete-missing':
      return http(url, 'DELETE', '/api/cassettes/no-such-cassette', { headers });
    case 'bad-body':
      return http(url, 'POST', '/api/cassettes', { headers: { ...headers, ...json }, body: '{"name":' });
    case 'health':
      return http(url, 'GET', '/health', { headers });
    case 'no-route':
      return http(url, 'GET', '/no/such/route', { headers });
  }
}

const ROUTE_STATUS: Record<Exclude<Request, 'preflight'>, number> = {
  list: 200,
  create: 201,
  update: 200,
  'delete-missing': 404,
  'bad-body': 400,
  health: 200,
  'no-route': 404,
};
const MUTATIONS: ReadonlySet<Request> = new Set(['create', 'update', 'delete-missing', 'bad-body']);

/** The answer protocol.md §6 promises: status, and every CORS header (undefined: absent). */
function expected(
  request: Request,
  origin: OriginKind,
  originHeader: string | undefined,
  server: Server,
  withToken: boolean,
): { status: number; cors: Record<string, string | undefined> } {
  const allowed = origin === 'own' || origin === 'listed';
  const needsToken = server === 'secured' && !withToken && request !== 'health';
  const cors: Record<string, string | undefined> = Object.fromEntries(CORS_NAMES.map((n) => [n, undefined]));
  if (allowed) Object.assign(cors, { 'access-control-allow-origin': originHeader, vary: 'Origin' });
  if (request === 'preflight') {
    // Without Origin it is not a preflight: a plain OPTIONS, refused as before.
    if (origin === 'absent') return { status: needsToken ? 401 : 405, cors };
    if (origin === 'foreign') return { status: 403, cors };
    return { status: 204, cors: { ...cors, ...PREFLIGHT } };
  }
  if (origin === 'foreign' && MUTATIONS.has(request)) return { status: 403, cors };
  if (needsToken) return { status: 401, cors };
  return { status: ROUTE_STATUS[request], cors };
}

const REQUESTS: Request[] = [
  'preflight',
  'list',
  'create',
  'update',
  'delete-missing',
  'bad-body',
  'health',
  'no-route',
];
const ORIGINS: OriginKind[] = ['own', 'listed', 'foreign', 'absent'];
const CASES: Array<[Request, OriginKind, Server, boolean]> = [];
for (const request of REQUESTS)
  for (const origin of ORIGINS)
    for (const [server, withToken] of [
      ['open', false],
      ['secured', false],
      ['secured', true],
    ] as const)
      CASES.push([request, origin, server, withToken]);

describe('CORS', () => {
  it.each(CASES)(
    '%s from an origin %s on the %s server (token sent: %s)',
    async (request, origin, server, withToken) => {
      const { url, port } = servers[server];
      const originHeader = originValue(origin, port);
      const headers: Record<string, string> = {};
      if (originHeader !== undefined) headers.origin = originHeader;
      if (withToken) headers.authorization = `Bearer ${TOKEN}`;
      const res = await send(request, url, headers);
      const want = expected(request, origin, originHeader, server, withToken);
      const got = Object.fromEntries(CORS_NAMES.map((n) => [n, res.headers[n] as string | undefined]));
      expect({ status: res.status, cors: got }, res.text).toEqual(want);
      if (res.status === 401) expect(res.headers['www-authenticate']).toBe('Bearer');
      if (res.status >= 400) expect(res.json).toMatchObject({ status: res.status });
    },
  );

  it('echoes the origin exactly as the browser sent it, never *', async () => {
    const { url } = servers.secured;
    const res = await http(url, 'GET', '/api/cassettes', { headers: { origin: 'HTTPS://Dash.Example' } });
    expect(res.status).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe('HTTPS://Dash.Example');
  });

  it('adds nothing for an allowed Origin with a Host the server refuses (DNS rebinding)', async () => {
    const { url, port } = servers.open;
    const res = await http(url, 'GET', '/api/cassettes', {
      headers: { host: `evil.example:${port}`, origin: `http://127.0.0.1:${port}` },
    });
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  describe('/ws upgrades (browsers send no preflight: the Origin check is the guard)', () => {
    const UPGRADES: Array<[OriginKind, Server, boolean, number]> = [];
    for (const origin of ORIGINS)
      for (const [server, withToken] of [
        ['open', false],
        ['secured', false],
        ['secured', true],
      ] as const) {
        const status = origin === 'foreign' ? 403 : server === 'secured' && !withToken ? 401 : 101;
        UPGRADES.push([origin, server, withToken, status]);
      }
    it.each(UPGRADES)(
      'from an origin %s on the %s server (token: %s) answers %i',
      async (origin, server, withToken, status) => {
        const { port } = servers[server];
        const ws = await rawWs(port, {
          headers: {
            Origin: originValue(origin, port),
            ...(withToken ? { 'Sec-WebSocket-Protocol': `magneto.v1, bearer.${TOKEN}` } : {}),
          },
        });
        try {
          expect(ws.status, ws.handshake).toBe(status);
          expect(ws.handshake.toLowerCase()).not.toContain('access-control-allow-origin: *');
        } finally {
          ws.destroy();
        }
      },
    );
  });
});
