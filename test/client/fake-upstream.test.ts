import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, upstreamCassette, type FakeUpstream } from '../helpers/fake-upstream.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

interface Capture {
  capture: string;
  path: string;
  status: number;
  content_type: string;
  body: string;
}

let upstream: FakeUpstream;
let captures: Capture[];

beforeAll(async () => {
  const dir = join(FIXTURES, 'cassettes');
  const cassettes = await Promise.all((await readdir(dir)).map((f) => upstreamCassette(join(dir, f))));
  upstream = await startFakeUpstream({ cassettes });
  captures = (
    JSON.parse(await readFile(join(FIXTURES, 'upstream', 'captures.json'), 'utf8')) as { captures: Capture[] }
  ).captures;
});
afterAll(() => upstream.close());

/**
 * A captured JSON body as the fake would send it: the real server was bound to
 * 127.0.0.1:8889, the fake binds 0.0.0.0 on its own port; `@context` (upstream's inline
 * JSON-LD context, whose key order changes from one answer to the next) and `sizeBytes`
 * (the length of Rust's re-serialisation) are not compared: no client reads them.
 */
function comparable(json: unknown, base: string): unknown {
  return JSON.parse(JSON.stringify(json).replaceAll('http://127.0.0.1:8889', base), (key, value: unknown) =>
    key === '@context' || key === 'sizeBytes' ? undefined : value,
  );
}

describe('the fake upstream answers what magneto-serge v0.7 answered (test/fixtures/upstream)', () => {
  it('has the captures of the interaction, details and stats routes', () => {
    expect(captures.map((c) => c.path)).toEqual([
      '/api/cassettes/github-users',
      '/api/cassettes/github-users/interactions',
      '/api/cassettes/github-users/interactions/0',
      '/api/cassettes/does-not-exist',
      '/api/cassettes/chat-websocket/interactions',
      '/cassettes/github-users/stats',
      '/api/cassettes/github-users/interactions/99',
      '/api/cassettes/nope/interactions',
      '/cassettes/nope',
    ]);
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8])('answers capture #%i the same', async (n) => {
    const c = captures[n] as Capture;
    const res = await fetch(`${upstream.url}${c.path}`);
    const text = await res.text();
    expect([res.status, res.headers.get('content-type')]).toEqual([c.status, c.content_type]);
    const base = `http://0.0.0.0:${upstream.port}`;
    if (c.content_type.startsWith('application/json'))
      expect(comparable(JSON.parse(text), base)).toEqual(comparable(JSON.parse(c.body), base));
    else expect(text).toBe(c.body);
  });
});
