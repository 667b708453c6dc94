import { copyFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, type TestClient } from '../helpers/ws-client.js';
import { http } from '../helpers/http.js';
import { FIXTURES, listing, startServer } from '../helpers/server-harness.js';

const BAD = join(dirname(FIXTURES), 'bad');

async function hello(client: TestClient): Promise<void> {
  expect((await client.next()).type).toBe('Hello');
}

describe('server on the real store', () => {
  it('lists the fixture directory with epoch and seq', async () => {
    const { url, server } = await startServer({ kind: 'real' });
    const body = (await http(url, 'GET', '/api/cassettes')).json as Record<string, unknown>;
    const names = (await readdir(server.store.dir))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5));
    // Served in name order (the fixture names are ASCII, so the default sort is code-point order).
    expect((body['hydra:member'] as { name: string }[]).map((m) => m.name)).toEqual(names.sort());
    expect(body).toMatchObject({ epoch: server.epoch, seq: 0, 'hydra:totalItems': names.length });
  });

  it('serves details and interactions of a fixture', async () => {
    const { url } = await startServer({ kind: 'real' });
    const details = await http(url, 'GET', '/api/cassettes/github-users');
    expect(details.status).toBe(200);
    expect(details.json).toMatchObject({ name: 'github-users', version: '1.0' });
    const list = (await http(url, 'GET', '/api/cassettes/github-users/interactions')).json as Record<
      string,
      unknown
    >;
    expect(list['hydra:totalItems']).toBeGreaterThan(0);
    expect((list['hydra:member'] as { index: number }[])[0]).toMatchObject({ index: 0 });
  });

  it('gives one 201 and nineteen 409 for 20 concurrent creates of one name, and one event', async () => {
    const { url, wsUrl } = await startServer({ kind: 'real' });
    const client = await connect(wsUrl);
    await hello(client);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => http(url, 'POST', '/api/cassettes', { body: { name: 'race' } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
    expect(await client.next()).toMatchObject({
      type: 'CassetteCreated',
      seq: 1,
      cassette: { name: 'race' },
    });
    await http(url, 'DELETE', '/api/cassettes/race');
    expect(await client.next()).toMatchObject({ type: 'CassetteDeleted', seq: 2 });
  });

  it('writes the file, broadcasts exactly one event per API change and none from the watcher', async () => {
    const { url, wsUrl, dir } = await startServer({ kind: 'real' });
    const client = await connect(wsUrl);
    await hello(client);
    expect(
      (await http(url, 'POST', '/api/cassettes', { body: { name: 'mine', description: 'd' } })).status,
    ).toBe(201);
    const file = JSON.parse(await readFile(join(dir, 'mine.json'), 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ version: '1.0', name: 'mine', description: 'd', interactions: [] });
    expect((await http(url, 'PUT', '/api/cassettes/mine', { body: { mode: 'record' } })).status).toBe(200);
    expect((await http(url, 'DELETE', '/api/cassettes/mine')).status).toBe(204);
    // A later external file is the marker: any echo of our writes would come before it.
    await copyFile(join(FIXTURES, 'github-users.json'), join(dir, 'marker.json'));
    const events = await client.take(4);
    expect(events.map((e) => [e.type, e.seq])).toEqual([
      ['CassetteCreated', 1],
      ['CassetteUpdated', 2],
      ['CassetteDeleted', 3],
      ['CassetteCreated', 4],
    ]);
    expect(events[3]).toMatchObject({ cassette: { name: 'marker' } });
  });

  it('refuses to mutate a listed non-creatable name or an unreadable file, and leaves them alone', async () => {
    const { url, wsUrl, dir } = await startServer({ kind: 'real' });
    const client = await connect(wsUrl);
    await hello(client);
    await copyFile(join(BAD, 'truncated.json'), join(dir, 'truncated.json'));
    expect(await client.next()).toMatchObject({
      type: 'CassetteCreated',
      cassette: { name: 'truncated', recorded_at: null, interactions_count: null, error: expect.any(String) },
    });
    const before = await listing(dir);
    const original = await readFile(join(dir, 'api.v2-users.json'), 'utf8');
    expect((await http(url, 'GET', '/api/cassettes/api.v2-users')).status).toBe(200);
    expect(
      (await http(url, 'PUT', '/api/cassettes/api.v2-users', { body: { description: 'x' } })).json,
    ).toMatchObject({
      status: 400,
      error: 'bad_name',
    });
    expect((await http(url, 'DELETE', '/api/cassettes/api.v2-users')).status).toBe(400);
    expect((await http(url, 'PUT', '/api/cassettes/truncated', { body: { description: 'x' } })).status).toBe(
      422,
    );
    expect((await http(url, 'DELETE', '/api/cassettes/truncated')).status).toBe(422);
    expect(await readFile(join(dir, 'api.v2-users.json'), 'utf8')).toBe(original);
    expect(await listing(dir)).toBe(before);
  });

  it('touches nothing for encoded traversal and hostile bodies', async () => {
    const { url, dir } = await startServer({ kind: 'real' });
    await writeFile(join(dirname(dir), 'victim.json'), '{"version":"1.0","interactions":[]}');
    const before = await listing(dir);
    for (const name of ['..%2Fvictim', '%2e%2e%2Fvictim', '..%5Cvictim', 'victim%00', '%2Ftmp%2Fvictim']) {
      for (const method of ['GET', 'DELETE']) {
        expect([400, 404], `${method} ${name}`).toContain(
          (await http(url, method, `/api/cassettes/${name}`)).status,
        );
      }
      expect([400, 404]).toContain(
        (await http(url, 'PUT', `/api/cassettes/${name}`, { body: { description: 'x' } })).status,
      );
    }
    for (const body of [{ name: '../victim' }, { name: 'a\\b' }, { name: '/tmp/x' }, { name: 'x\u0000' }]) {
      expect((await http(url, 'POST', '/api/cassettes', { body })).status).toBe(400);
    }
    expect(await listing(dir)).toBe(before);
  });
});
