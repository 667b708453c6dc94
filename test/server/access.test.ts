import { describe, expect, it } from 'vitest';
import { SUBPROTOCOL } from '../../src/protocol/index.js';
import { connect, connectRefused } from '../helpers/ws-client.js';
import { http } from '../helpers/http.js';
import { listing, startServer } from '../helpers/server-harness.js';

const TOKEN = 'correct-horse-battery';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('access', () => {
  describe('host header (DNS rebinding)', () => {
    it('answers 403 to REST requests for a foreign Host, /health included', async () => {
      const { url } = await startServer();
      for (const path of ['/health', '/api/cassettes', '/api/cassettes/alpha']) {
        const res = await http(url, 'GET', path, { headers: { host: 'evil.example:8889' } });
        expect(res.status, path).toBe(403);
        expect(res.json).toMatchObject({ error: 'forbidden', status: 403 });
      }
      expect((await http(url, 'GET', '/health', { headers: { host: 'localhost:1234' } })).status).toBe(200);
      expect((await http(url, 'GET', '/health', { headers: { host: '[::1]' } })).status).toBe(200);
    });

    it('answers 403 to an upgrade for a foreign Host', async () => {
      const { wsUrl } = await startServer();
      const res = await connectRefused(wsUrl, { headers: { host: 'evil.example' } });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'forbidden', status: 403 });
    });
  });

  describe('origin (cross-site requests)', () => {
    it('answers 403 to a mutation from a foreign Origin and leaves the directory alone', async () => {
      const { url, dir } = await startServer();
      const before = await listing(dir);
      const origin = { origin: 'http://evil.example' };
      expect(
        (await http(url, 'POST', '/api/cassettes', { body: { name: 'x' }, headers: origin })).status,
      ).toBe(403);
      expect(
        (await http(url, 'PUT', '/api/cassettes/alpha', { body: { description: 'x' }, headers: origin }))
          .status,
      ).toBe(403);
      expect((await http(url, 'DELETE', '/api/cassettes/alpha', { headers: origin })).status).toBe(403);
      expect(await listing(dir)).toBe(before);
      expect((await http(url, 'GET', '/api/cassettes/alpha', { headers: origin })).status).toBe(200);
    });

    it('allows mutations without Origin, from its own origins and from allowOrigins', async () => {
      const { url, port } = await startServer({ allowOrigins: ['https://dash.example'] });
      const origins = [
        undefined,
        `http://localhost:${port}`,
        `http://127.0.0.1:${port}`,
        'https://dash.example',
      ];
      for (const [i, origin] of origins.entries()) {
        const headers: Record<string, string> = origin ? { origin } : {};
        expect(
          (await http(url, 'POST', '/api/cassettes', { body: { name: `o${i}` }, headers })).status,
          origin,
        ).toBe(201);
      }
    });

    it('answers 403 to an upgrade from a foreign Origin and accepts its own', async () => {
      const { wsUrl, port } = await startServer();
      expect((await connectRefused(wsUrl, { origin: 'http://evil.example' })).status).toBe(403);
      expect((await connectRefused(wsUrl, { origin: `http://localhost:${port + 1}` })).status).toBe(403);
      const ok = await connect(wsUrl, { origin: `http://localhost:${port}` });
      expect((await ok.next()).type).toBe('Hello');
    });
  });

  describe('token', () => {
    it('requires the bearer token on REST but not on /health', async () => {
      const { url } = await startServer({ token: TOKEN });
      const missing = await http(url, 'GET', '/api/cassettes');
      expect(missing.status).toBe(401);
      expect(missing.headers['www-authenticate']).toBe('Bearer');
      expect(missing.json).toMatchObject({ error: 'unauthorized', status: 401 });
      const wrong = await http(url, 'GET', '/api/cassettes', {
        headers: { authorization: `Bearer ${TOKEN}x` },
      });
      expect(wrong.status).toBe(401);
      expect((await http(url, 'GET', '/api/cassettes', { headers: { authorization: TOKEN } })).status).toBe(
        401,
      );
      expect((await http(url, 'GET', '/api/cassettes', { headers: auth })).status).toBe(200);
      expect((await http(url, 'POST', '/api/cassettes', { body: { name: 'n' }, headers: auth })).status).toBe(
        201,
      );
      expect((await http(url, 'GET', '/health')).status).toBe(200);
      expect((await http(url, 'GET', '/nope')).status).toBe(401);
    });

    it('decides 403 for Host or Origin before 401 for the token', async () => {
      const { url, wsUrl } = await startServer({ token: TOKEN });
      expect((await http(url, 'GET', '/api/cassettes', { headers: { host: 'evil.example' } })).status).toBe(
        403,
      );
      expect(
        (await http(url, 'DELETE', '/api/cassettes/alpha', { headers: { origin: 'http://evil.example' } }))
          .status,
      ).toBe(403);
      expect((await connectRefused(wsUrl, { origin: 'http://evil.example' })).status).toBe(403);
    });

    it('checks the token before parsing the body', async () => {
      const { url } = await startServer({ token: TOKEN });
      const res = await http(url, 'POST', '/api/cassettes', {
        body: 'x'.repeat(70_000),
        headers: { 'content-type': 'text/plain' },
      });
      expect(res.status).toBe(401);
    });

    it('refuses an upgrade with a missing or wrong token with 401', async () => {
      const { wsUrl } = await startServer({ token: TOKEN });
      const missing = await connectRefused(wsUrl);
      expect(missing.status).toBe(401);
      expect(missing.headers['www-authenticate']).toBe('Bearer');
      expect((await connectRefused(wsUrl, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
      expect((await connectRefused(wsUrl, { protocols: [SUBPROTOCOL, 'bearer.nope'] })).status).toBe(401);
      // The bearer subprotocol only counts next to magneto.v1.
      expect((await connectRefused(wsUrl, { protocols: [`bearer.${TOKEN}`] })).status).toBe(401);
    });

    it('accepts the token in the Authorization header of an upgrade', async () => {
      const { wsUrl } = await startServer({ token: TOKEN });
      const client = await connect(wsUrl, { headers: auth });
      expect((await client.next()).type).toBe('Hello');
    });

    it('accepts the token as subprotocols, selects magneto.v1 and never echoes the token', async () => {
      const { wsUrl } = await startServer({ token: TOKEN });
      const client = await connect(wsUrl, { protocols: [SUBPROTOCOL, `bearer.${TOKEN}`] });
      expect(client.ws.protocol).toBe(SUBPROTOCOL);
      expect(client.upgradeHeaders['sec-websocket-protocol']).toBe(SUBPROTOCOL);
      expect(JSON.stringify(client.upgradeHeaders)).not.toContain(TOKEN);
      expect((await client.next()).type).toBe('Hello');
    });
  });
});
