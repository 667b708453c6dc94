import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/protocol/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { summary } from '../helpers/memory-store.js';
import { http } from '../helpers/http.js';
import { listing, startServer } from '../helpers/server-harness.js';

describe('rest', () => {
  describe('GET /health', () => {
    it('reports healthy with the version and uptime', async () => {
      const { url } = await startServer();
      const res = await http(url, 'GET', '/health');
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        status: 'healthy',
        version: VERSION,
        uptime_seconds: 0,
        watch: { mode: 'events' },
      });
    });

    it('counts uptime in whole seconds of the server clock', async () => {
      const clock = new FakeClock();
      const { url } = await startServer({ clock });
      clock.advance(61_999);
      expect((await http(url, 'GET', '/health')).json).toMatchObject({ uptime_seconds: 61 });
      clock.advance(1);
      expect((await http(url, 'GET', '/health')).json).toMatchObject({ uptime_seconds: 62 });
    });
  });

  describe('GET /api/cassettes', () => {
    it('lists every cassette with the epoch and seq of the snapshot', async () => {
      const { url, server } = await startServer();
      await http(url, 'POST', '/api/cassettes', { body: { name: 'delta' } });
      const res = await http(url, 'GET', '/api/cassettes');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.json as Record<string, unknown>;
      expect(body).toMatchObject({
        '@id': '/api/cassettes',
        '@type': 'hydra:Collection',
        'hydra:totalItems': 4,
        epoch: server.epoch,
        seq: 1,
      });
      expect((body['hydra:member'] as { name: string }[]).map((m) => m.name)).toEqual([
        'alpha',
        'beta',
        'delta',
        'gamma',
      ]);
      expect(body).not.toHaveProperty('hydra:view');
    });

    it('pages like upstream with relative hydra:view links', async () => {
      const { url, memory } = await startServer();
      for (let i = 0; i < 5; i++)
        memory?.external({ type: 'created', name: `c${i}`, summary: summary(`c${i}`) });
      const res = await http(url, 'GET', '/api/cassettes?page=2&limit=3');
      const body = res.json as Record<string, unknown>;
      expect(body['hydra:totalItems']).toBe(8);
      expect((body['hydra:member'] as { name: string }[]).map((m) => m.name)).toEqual(['c1', 'c2', 'c3']);
      expect(body['hydra:view']).toEqual({
        '@id': '/api/cassettes?page=2&limit=3',
        '@type': 'hydra:PartialCollectionView',
        'hydra:first': '/api/cassettes?page=1&limit=3',
        'hydra:previous': '/api/cassettes?page=1&limit=3',
        'hydra:next': '/api/cassettes?page=3&limit=3',
        'hydra:last': '/api/cassettes?page=3&limit=3',
      });
      expect(body.seq).toBe(5);
    });

    it('raises page to 1, clamps limit to 1..100 and omits the view for one page', async () => {
      const { url } = await startServer();
      const first = (await http(url, 'GET', '/api/cassettes?page=-4&limit=0')).json as Record<
        string,
        unknown
      >;
      expect((first['hydra:member'] as unknown[]).length).toBe(1);
      expect((first['hydra:view'] as Record<string, string>)['@id']).toBe('/api/cassettes?page=1&limit=1');
      expect(first['hydra:view']).not.toHaveProperty('hydra:previous');
      const all = (await http(url, 'GET', '/api/cassettes?limit=1000')).json as Record<string, unknown>;
      expect(all['hydra:member']).toHaveLength(3);
      expect(all).not.toHaveProperty('hydra:view');
      const past = (await http(url, 'GET', '/api/cassettes?page=9&limit=2')).json as Record<string, unknown>;
      expect(past['hydra:member']).toEqual([]);
    });

    it('answers 400 bad_request for non-numeric page or limit', async () => {
      const { url } = await startServer();
      for (const q of ['page=x', 'limit=1.5', 'page=', 'page=1&page=2']) {
        const res = await http(url, 'GET', `/api/cassettes?${q}`);
        expect(res.status, q).toBe(400);
        expect(res.json).toMatchObject({ error: 'bad_request', status: 400 });
      }
    });
  });

  describe('GET /api/cassettes/:name', () => {
    it('returns the details', async () => {
      const { url } = await startServer();
      const res = await http(url, 'GET', '/api/cassettes/beta');
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ name: 'beta', description: 'second', version: '1.0', http_count: 0 });
    });
    it('answers 404 not_found for a missing cassette', async () => {
      const { url } = await startServer();
      const res = await http(url, 'GET', '/api/cassettes/nope');
      expect(res.json).toEqual({ error: 'not_found', message: 'cassette "nope" not found', status: 404 });
    });
  });

  describe('GET /api/cassettes/:name/interactions', () => {
    it('returns a Hydra collection of interaction summaries, paged on request', async () => {
      const { url, memory } = await startServer();
      const item = (index: number) => ({
        index,
        kind: 'Http' as const,
        method: 'GET',
        url: `https://x/${index}`,
        status: 200,
        error: null,
        response_time_ms: 3,
      });
      memory?.setInteractions('alpha', [item(0), item(1), item(2)]);
      const all = (await http(url, 'GET', '/api/cassettes/alpha/interactions')).json as Record<
        string,
        unknown
      >;
      expect(all).toMatchObject({ '@id': '/api/cassettes/alpha/interactions', 'hydra:totalItems': 3 });
      expect(all['hydra:member']).toEqual([item(0), item(1), item(2)]);
      const page = (await http(url, 'GET', '/api/cassettes/alpha/interactions?page=2&limit=2'))
        .json as Record<string, unknown>;
      expect(page['hydra:member']).toEqual([item(2)]);
      expect((await http(url, 'GET', '/api/cassettes/nope/interactions')).status).toBe(404);
    });
  });

  describe('POST /api/cassettes', () => {
    it('creates with 201, a Location header and the summary', async () => {
      const { url } = await startServer();
      const res = await http(url, 'POST', '/api/cassettes', {
        body: { name: 'new-one', description: 'd', mode: 'record' },
      });
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe('/api/cassettes/new-one');
      expect(res.json).toMatchObject({
        name: 'new-one',
        description: 'd',
        mode: 'record',
        interactions_count: 0,
      });
    });

    it('answers 409 already_exists for an existing name', async () => {
      const { url } = await startServer();
      const res = await http(url, 'POST', '/api/cassettes', { body: { name: 'alpha' } });
      expect(res.status).toBe(409);
      expect(res.json).toMatchObject({ error: 'already_exists' });
    });

    it.each([
      [{ name: 'a/b' }, 'bad_name'],
      [{ name: '../x' }, 'bad_name'],
      [{ name: '' }, 'bad_name'],
      [{ name: 'x'.repeat(101) }, 'bad_name'],
      [{ name: 'api.v2' }, 'bad_name'],
      [{}, 'invalid_body'],
      [{ name: 5 }, 'invalid_body'],
      [{ name: ['a'] }, 'invalid_body'],
      [{ name: 'ok', mode: 'fast' }, 'invalid_body'],
      [{ name: 'ok', description: 7 }, 'invalid_body'],
      [{ name: 'ok', description: 'x'.repeat(1001) }, 'invalid_body'],
      [{ name: 'ok', extra: true }, 'invalid_body'],
      [['ok'], 'invalid_body'],
    ])('answers 400 for %j', async (body, code) => {
      const { url, dir } = await startServer();
      const before = await listing(dir);
      const res = await http(url, 'POST', '/api/cassettes', { body });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: code, status: 400 });
      expect(await listing(dir)).toBe(before);
    });

    it('answers 400 invalid_json for malformed JSON and prototype poisoning', async () => {
      const { url } = await startServer();
      for (const body of ['{"name":', '', '{"__proto__":{"x":1},"name":"a"}']) {
        const res = await http(url, 'POST', '/api/cassettes', {
          body,
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status, body).toBe(400);
        expect(res.json).toMatchObject({ error: 'invalid_json' });
      }
    });

    it('answers 415 for a non-JSON content type', async () => {
      const { url } = await startServer();
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const res = await http(url, 'POST', '/api/cassettes', {
          body: 'name=x',
          headers: { 'content-type': type },
        });
        expect(res.status, type).toBe(415);
        expect(res.json).toMatchObject({ error: 'unsupported_media_type', status: 415 });
      }
    });

    it('answers 413 for a body over 64 KiB without a stack trace', async () => {
      const { url, dir } = await startServer();
      const before = await listing(dir);
      const res = await http(url, 'POST', '/api/cassettes', {
        body: { name: 'big', description: 'x'.repeat(70_000) },
      });
      expect(res.status).toBe(413);
      expect(res.json).toMatchObject({ error: 'payload_too_large', status: 413 });
      expect(res.text).not.toMatch(/ at /);
      expect(await listing(dir)).toBe(before);
    });
  });

  describe('PUT /api/cassettes/:name', () => {
    it('updates and returns the summary', async () => {
      const { url } = await startServer();
      const res = await http(url, 'PUT', '/api/cassettes/alpha', {
        body: { description: 'new', mode: 'replay' },
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ name: 'alpha', description: 'new', mode: 'replay' });
    });
    it('answers 400, 404, 415 and 422', async () => {
      const { url, memory } = await startServer();
      memory?.external({
        type: 'created',
        name: 'broken',
        summary: summary('broken', { error: 'bad json' }),
      });
      memory?.external({ type: 'created', name: 'api.v2', summary: summary('api.v2') });
      const put = (path: string, body: object | string, headers?: Record<string, string>) =>
        http(url, 'PUT', path, { body, headers });
      expect((await put('/api/cassettes/alpha', {})).json).toMatchObject({
        status: 400,
        error: 'invalid_body',
      });
      expect((await put('/api/cassettes/alpha', { name: 'x' })).status).toBe(400);
      expect((await put('/api/cassettes/api.v2', { description: 'x' })).json).toMatchObject({
        status: 400,
        error: 'bad_name',
      });
      expect((await put('/api/cassettes/nope', { description: 'x' })).status).toBe(404);
      expect((await put('/api/cassettes/alpha', 'x', { 'content-type': 'text/plain' })).status).toBe(415);
      expect((await put('/api/cassettes/broken', { description: 'x' })).json).toMatchObject({
        status: 422,
        error: 'unreadable',
      });
    });
  });

  describe('DELETE /api/cassettes/:name', () => {
    it('deletes with 204 and an empty body', async () => {
      const { url } = await startServer();
      const res = await http(url, 'DELETE', '/api/cassettes/alpha');
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await http(url, 'GET', '/api/cassettes/alpha')).status).toBe(404);
    });
    it('answers 400 for a listed name that cannot be mutated and 404 for a missing one', async () => {
      const { url, memory } = await startServer();
      memory?.external({ type: 'created', name: 'api.v2', summary: summary('api.v2') });
      expect((await http(url, 'DELETE', '/api/cassettes/api.v2')).json).toMatchObject({
        status: 400,
        error: 'bad_name',
      });
      expect((await http(url, 'GET', '/api/cassettes/api.v2')).status).toBe(200);
      expect((await http(url, 'DELETE', '/api/cassettes/nope')).status).toBe(404);
    });
  });

  describe('names', () => {
    const hostile = [
      '..%2F..%2Fsecret',
      '..%2fsecret',
      '%2e%2e',
      '%2E%2E%2Fsecret',
      '..',
      '.',
      '.hidden',
      'a%00b',
      '..%5Csecret',
      '%2Fetc%2Fpasswd',
      'a%0Ab',
      '%',
      '%E0%A4%A',
    ];
    it.each(hostile)('answers 400 or 404 for %s on every method and touches nothing', async (name) => {
      const { url, dir } = await startServer();
      const before = await listing(dir);
      for (const [method, body] of [['GET'], ['PUT', { description: 'x' }], ['DELETE']] as const) {
        const res = await http(url, method, `/api/cassettes/${name}`, { body });
        expect([400, 404], `${method} ${name}`).toContain(res.status);
        expect(res.json).toMatchObject({ status: res.status });
      }
      expect([400, 404]).toContain((await http(url, 'GET', `/api/cassettes/${name}/interactions`)).status);
      expect(await listing(dir)).toBe(before);
    });
  });

  describe('routing', () => {
    it('answers 404 not_found as JSON for unknown routes', async () => {
      const { url } = await startServer();
      const res = await http(url, 'GET', '/nope');
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ error: 'not_found', status: 404 });
    });
    it('answers 405 with Allow for a known path and the wrong method', async () => {
      const { url } = await startServer();
      const res = await http(url, 'PATCH', '/api/cassettes/alpha', { body: { description: 'x' } });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD, PUT, DELETE');
      expect(res.json).toMatchObject({ error: 'method_not_allowed' });
      expect((await http(url, 'DELETE', '/api/cassettes')).status).toBe(405);
      expect((await http(url, 'POST', '/health')).status).toBe(405);
    });
    it('answers 426 to a plain GET /ws', async () => {
      const { url } = await startServer();
      expect((await http(url, 'GET', '/ws')).status).toBe(426);
    });
  });
});
