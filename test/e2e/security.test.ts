import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMagnetoServer, type MagnetoServer } from '../../src/server/index.js';
import { BIN } from '../helpers/pty.js';
import { rawHttp, type RawResponse } from '../helpers/raw-http.js';
import { rawWs } from '../helpers/raw-ws.js';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.js';

const TOKEN = 'tok-3f9a7c1e5b';
const ALLOWED_ORIGIN = 'https://dash.example';
const JSON_CT = { 'Content-Type': 'application/json' };

let box: Sandbox;
let secured: MagnetoServer;
let open: MagnetoServer;
let sp: number; // port of the server with a token
let op: number; // port of the server without one

beforeAll(async () => {
  box = await makeSandbox();
  secured = createMagnetoServer({
    dir: box.dir,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    allowOrigins: [ALLOWED_ORIGIN],
  });
  ({ port: sp } = await secured.listen());
  open = createMagnetoServer({ dir: box.dir, host: '127.0.0.1', port: 0 });
  ({ port: op } = await open.listen());
});

afterAll(async () => {
  await secured?.close();
  await open?.close();
  await box?.remove();
});

function errorCode(res: RawResponse): string {
  const body = JSON.parse(res.body) as { error: string; message: string; status: number };
  expect(body.status).toBe(res.status);
  expect(typeof body.message).toBe('string');
  return body.error;
}

const bearer = (t: string): Record<string, string> => ({ Authorization: `Bearer ${t}` });
let counter = 0;
const fresh = (): string => `sec-${process.pid}-${++counter}`;

describe('security', () => {
  describe('token on REST', () => {
    it.each([
      ['no Authorization', {}, 401],
      ['a wrong token', bearer('nope'), 401],
      ['a token one character short', bearer(TOKEN.slice(0, -1)), 401],
      ['the token with a suffix', bearer(`${TOKEN}x`), 401],
      [
        'Basic instead of Bearer',
        { Authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` },
        401,
      ],
      ['the bare token', { Authorization: TOKEN }, 401],
      ['an empty Bearer', { Authorization: 'Bearer ' }, 401],
      ['the right token', bearer(TOKEN), 200],
      ['a lowercase scheme', { Authorization: `bearer ${TOKEN}` }, 200],
    ] as const)('GET /api/cassettes with %s gives %i', async (_what, headers, status) => {
      const res = await rawHttp(sp, { method: 'GET', path: '/api/cassettes', headers });
      expect(res.status).toBe(status);
      if (status === 401) {
        expect(errorCode(res)).toBe('unauthorized');
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/i);
        expect(res.raw).not.toContain(TOKEN);
      }
    });

    it('does not take the token from the query string', async () => {
      const res = await rawHttp(sp, {
        method: 'GET',
        path: `/api/cassettes?token=${TOKEN}&access_token=${TOKEN}`,
      });
      expect(res.status).toBe(401);
    });

    it('guards every route but /health', async () => {
      expect((await rawHttp(sp, { method: 'GET', path: '/health' })).status).toBe(200);
      for (const req of [
        { method: 'GET', path: '/api/cassettes/victim' },
        { method: 'GET', path: '/api/cassettes/victim/interactions' },
        { method: 'POST', path: '/api/cassettes', headers: JSON_CT, body: `{"name":"${fresh()}"}` },
        { method: 'PUT', path: '/api/cassettes/victim', headers: JSON_CT, body: '{"description":"pwned"}' },
        { method: 'DELETE', path: '/api/cassettes/victim' },
        { method: 'GET', path: '/api/cassettes/does-not-exist' },
      ]) {
        const res = await rawHttp(sp, req);
        expect(res.status, `${req.method} ${req.path}`).toBe(401);
      }
    });

    it('lets a mutation through with the token', async () => {
      const name = fresh();
      const res = await rawHttp(sp, {
        method: 'POST',
        path: '/api/cassettes',
        headers: { ...JSON_CT, ...bearer(TOKEN) },
        body: JSON.stringify({ name }),
      });
      expect(res.status).toBe(201);
    });
  });

  describe('Host (DNS rebinding)', () => {
    const allowed = (p: number): string[] => [
      'localhost',
      `localhost:${p}`,
      '127.0.0.1',
      `127.0.0.1:${p}`,
      '[::1]',
      `[::1]:${p}`,
      'LOCALHOST',
    ];
    const foreign = [
      'evil.example',
      'evil.example:80',
      '127.0.0.1.evil.example',
      'localhost.evil.example',
      'evil.example#@127.0.0.1',
      '0.0.0.0',
      '10.0.0.1',
      '[::ffff:127.0.0.1]',
      'localhost:80@evil',
      '',
    ];

    it('accepts the loopback names, with or without port', async () => {
      for (const host of allowed(op)) {
        const res = await rawHttp(op, { method: 'GET', path: '/api/cassettes', headers: { Host: host } });
        expect(res.status, host).toBe(200);
      }
    });

    it.each(foreign)('refuses Host %j with 403 on REST and /ws, before the token', async (host) => {
      const get = await rawHttp(op, { method: 'GET', path: '/api/cassettes', headers: { Host: host } });
      expect(get.status).toBe(403);
      expect(errorCode(get)).toBe('forbidden');
      // Without a token, a foreign Host is 403, not 401: the Host check comes first.
      const noToken = await rawHttp(sp, { method: 'GET', path: '/api/cassettes', headers: { Host: host } });
      expect(noToken.status).toBe(403);
      const withToken = await rawHttp(sp, {
        method: 'GET',
        path: '/api/cassettes',
        headers: { Host: host, ...bearer(TOKEN) },
      });
      expect(withToken.status).toBe(403);
      const ws = await rawWs(op, { headers: { Host: host } });
      expect(ws.status).toBe(403);
      ws.destroy();
    });
  });

  describe('Origin (cross-site requests and WebSocket hijacking)', () => {
    const foreignOrigins = [
      'https://evil.example',
      'http://127.0.0.1',
      'http://127.0.0.1:1',
      'http://localhost.evil.example',
      'null',
      'file://',
      `https://127.0.0.1:PORT`,
    ];

    it.each(foreignOrigins)('refuses Origin %j on mutations and /ws upgrades', async (o) => {
      const origin = o.replace('PORT', String(op));
      const before = (await rawHttp(op, { method: 'GET', path: '/api/cassettes/victim' })).body;
      const name = fresh();
      for (const req of [
        {
          method: 'POST',
          path: '/api/cassettes',
          headers: { ...JSON_CT, Origin: origin },
          body: JSON.stringify({ name }),
        },
        {
          method: 'PUT',
          path: '/api/cassettes/victim',
          headers: { ...JSON_CT, Origin: origin },
          body: '{"description":"pwned"}',
        },
        { method: 'DELETE', path: '/api/cassettes/victim', headers: { Origin: origin } },
      ]) {
        const res = await rawHttp(op, req);
        expect(res.status, `${req.method} from ${origin}`).toBe(403);
        expect(errorCode(res)).toBe('forbidden');
      }
      expect((await rawHttp(op, { method: 'GET', path: `/api/cassettes/${name}` })).status).toBe(404);
      expect((await rawHttp(op, { method: 'GET', path: '/api/cassettes/victim' })).body).toBe(before);
      const ws = await rawWs(op, { headers: { Origin: origin } });
      expect(ws.status).toBe(403);
      ws.destroy();
      // With the right token too: origin refusals come before the token.
      const wsTok = await rawWs(sp, { headers: { Origin: origin, ...bearer(TOKEN) } });
      expect(wsTok.status).toBe(403);
      wsTok.destroy();
    });

    it("allows the server's own origins, an --allow-origin value, and no Origin", async () => {
      for (const origin of [`http://127.0.0.1:${op}`, `http://localhost:${op}`, undefined]) {
        const name = fresh();
        const res = await rawHttp(op, {
          method: 'POST',
          path: '/api/cassettes',
          headers: { ...JSON_CT, Origin: origin },
          body: JSON.stringify({ name }),
        });
        expect(res.status, String(origin)).toBe(201);
        const ws = await rawWs(op, { headers: { Origin: origin } });
        expect(ws.status, String(origin)).toBe(101);
        ws.destroy();
      }
      const ws = await rawWs(sp, { headers: { Origin: ALLOWED_ORIGIN, ...bearer(TOKEN) } });
      expect(ws.status).toBe(101);
      ws.destroy();
      const res = await rawHttp(sp, {
        method: 'POST',
        path: '/api/cassettes',
        headers: { ...JSON_CT, ...bearer(TOKEN), Origin: ALLOWED_ORIGIN },
        body: JSON.stringify({ name: fresh() }),
      });
      expect(res.status).toBe(201);
    });

    it('does not refuse a read because of its Origin', async () => {
      const res = await rawHttp(op, {
        method: 'GET',
        path: '/api/cassettes',
        headers: { Origin: 'https://evil.example' },
      });
      expect(res.status).toBe(200);
    });
  });

  describe('token on /ws', () => {
    it.each([
      ['no token', {}, 401],
      ['a wrong header token', bearer('nope'), 401],
      ['the header token', bearer(TOKEN), 101],
      ['the subprotocol pair', { 'Sec-WebSocket-Protocol': `magneto.v1, bearer.${TOKEN}` }, 101],
      ['the pair in the other order', { 'Sec-WebSocket-Protocol': `bearer.${TOKEN}, magneto.v1` }, 101],
      ['bearer.<t> without magneto.v1', { 'Sec-WebSocket-Protocol': `bearer.${TOKEN}` }, 401],
      ['magneto.v1 with a wrong bearer', { 'Sec-WebSocket-Protocol': 'magneto.v1, bearer.nope' }, 401],
      ['magneto.v1 alone', { 'Sec-WebSocket-Protocol': 'magneto.v1' }, 401],
      ['a token-like protocol', { 'Sec-WebSocket-Protocol': `magneto.v1, token.${TOKEN}` }, 401],
    ] as const)('upgrade with %s gives %i', async (_what, headers, status) => {
      const ws = await rawWs(sp, { headers });
      try {
        expect(ws.status, ws.handshake).toBe(status);
        expect(ws.handshake, 'never echoes the token').not.toContain(TOKEN);
        if (status === 101) {
          const hello = JSON.parse(await ws.waitText((t) => t.includes('"Hello"'))) as { type: string };
          expect(hello.type).toBe('Hello');
          const proto = /sec-websocket-protocol: *(.*)/i.exec(ws.handshake)?.[1]?.trim();
          if ('Sec-WebSocket-Protocol' in headers) expect(proto).toBe('magneto.v1');
        } else {
          expect(JSON.parse(ws.texts[0] ?? '{}')).toMatchObject({ error: 'unauthorized', status: 401 });
        }
      } finally {
        ws.destroy();
      }
    });
  });

  describe('bind address', () => {
    it('refuses a non-loopback bind without a token', () => {
      for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
        expect(() => createMagnetoServer({ dir: box.dir, host, port: 0 }), host).toThrow(/token/);
      }
      expect(() =>
        createMagnetoServer({ dir: box.dir, host: '0.0.0.0', port: 0, token: TOKEN }),
      ).not.toThrow();
      expect(() =>
        createMagnetoServer({ dir: box.dir, host: '0.0.0.0', port: 0, noAuth: true }),
      ).not.toThrow();
    });

    it.each([
      ['serve --host 0.0.0.0', ['serve', '--host', '0.0.0.0', '--port', '0']],
      ['serve --host ::', ['serve', '--host', '::', '--port', '0']],
      ['--url not-a-url', ['--url', 'not-a-url', '--json']],
      ['--url ftp://x', ['--url', 'ftp://127.0.0.1', '--json']],
      ['serve --port 70000', ['serve', '--port', '70000']],
      ['serve on an unreadable dir', ['serve', '--dir', '/nonexistent/cassettes', '--port', '0']],
    ])('CLI %s exits non-zero with one stderr line and no stack trace', async (_what, args) => {
      const child = spawn(
        process.execPath,
        [BIN, ...args, ...(args[0] === 'serve' && !args.includes('--dir') ? ['--dir', box.dir] : [])],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
      child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code, stdout + stderr).not.toBe(0);
      expect(code).not.toBeNull();
      expect(stderr.trimEnd().split('\n'), stderr).toHaveLength(1);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stderr).not.toMatch(/internal error/);
      expect(stdout).not.toMatch(/serving/);
    });
  });
});
