import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { descriptionProblem, nameProblem, quoteName, stemProblem } from '../../src/protocol/index.js';
import { http } from '../helpers/http.js';
import { listing, startServer } from '../helpers/server-harness.js';

/**
 * Names and bodies are validated once, at the edge (protocol.md §1.2, §2.1; architecture.md
 * §3): the API refuses them with the protocol's one sentence before the store sees them.
 * These cases were the store's own tests before the rules moved to the protocol.
 */
describe('validation at the edge', () => {
  const notCreatable = [
    '..',
    '.',
    'a/b',
    '../x',
    '..\\x',
    '%2e%2e',
    '%2F',
    '/etc/passwd',
    'a\u0000b',
    'x'.repeat(101),
    '',
    ' ',
    'a.b',
    'é',
  ];

  it.each(notCreatable)('refuses %j with bad_name before the store sees it', async (name) => {
    const { url, dir, memory } = await startServer();
    const store = memory!;
    const calls = [vi.spyOn(store, 'create'), vi.spyOn(store, 'update'), vi.spyOn(store, 'remove')];
    const before = await listing(dir);

    const created = await http(url, 'POST', '/api/cassettes', { body: { name } });
    expect(created.json).toEqual({ error: 'bad_name', message: nameProblem(name), status: 400 });

    // An empty name leaves no path segment: that URL is another route.
    if (name !== '') {
      const path = `/api/cassettes/${encodeURIComponent(name)}`;
      const message =
        stemProblem(name) ?? `cassette ${quoteName(name)} can be read but not changed: ${nameProblem(name)}`;
      for (const [method, body] of [['PUT', { description: 'x' }], ['DELETE']] as const) {
        const res = await http(url, method, path, { body });
        expect(res.json, `${method} ${path}`).toEqual({ error: 'bad_name', message, status: 400 });
      }
    }
    for (const call of calls) expect(call).not.toHaveBeenCalled();
    expect(await listing(dir)).toBe(before);
  });

  it('lists api.v2-users but refuses to update or remove it, leaving the file alone', async () => {
    const { url, dir } = await startServer({ kind: 'real' });
    const file = join(dir, 'api.v2-users.json');
    const before = await readFile(file, 'utf8');
    expect((await http(url, 'GET', '/api/cassettes/api.v2-users')).status).toBe(200);
    const message = `cassette "api.v2-users" can be read but not changed: ${nameProblem('api.v2-users')}`;
    for (const [method, body] of [['PUT', { description: 'x' }], ['DELETE']] as const) {
      const res = await http(url, method, '/api/cassettes/api.v2-users', { body });
      expect(res.json, method).toEqual({ error: 'bad_name', message, status: 400 });
    }
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await http(url, 'GET', '/api/cassettes/api.v2-users')).status).toBe(200);
  });

  it('refuses bad descriptions and modes on create and update before the store sees them', async () => {
    const { url, dir, memory } = await startServer();
    const store = memory!;
    const calls = [vi.spyOn(store, 'create'), vi.spyOn(store, 'update')];
    const before = await listing(dir);
    const long = 'x'.repeat(1001);
    const cases: [object, string][] = [
      [{ mode: 'live' }, 'mode must be one of auto, record, replay'],
      [{ description: 7 }, 'description must be a string or null'],
      [{ description: long }, descriptionProblem(long)!],
    ];
    for (const [fields, message] of cases) {
      const expected = { error: 'invalid_body', message, status: 400 };
      const created = await http(url, 'POST', '/api/cassettes', { body: { name: 'ok', ...fields } });
      expect(created.json, JSON.stringify(fields)).toEqual(expected);
      const updated = await http(url, 'PUT', '/api/cassettes/alpha', { body: fields });
      expect(updated.json, JSON.stringify(fields)).toEqual(expected);
    }
    for (const call of calls) expect(call).not.toHaveBeenCalled();
    expect(await listing(dir)).toBe(before);
  });

  it('takes a description of exactly 1 000 characters', async () => {
    const { url } = await startServer();
    const description = 'x'.repeat(1000);
    const res = await http(url, 'POST', '/api/cassettes', { body: { name: 'max', description } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'max', description });
  });

  it('says "not found" one way for the API and the store', async () => {
    const { url } = await startServer({ kind: 'real' });
    const missing = { error: 'not_found', message: 'cassette "nope" not found', status: 404 };
    expect((await http(url, 'GET', '/api/cassettes/nope')).json).toEqual(missing); // the API's check
    expect((await http(url, 'PUT', '/api/cassettes/nope', { body: { mode: 'replay' } })).json).toEqual(
      missing,
    ); // the store's
    expect((await http(url, 'DELETE', '/api/cassettes/nope')).json).toEqual(missing);
    expect((await http(url, 'GET', '/api/cassettes/nope/interactions')).json).toEqual(missing);
  });
});
