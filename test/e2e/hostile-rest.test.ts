import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMagnetoServer, type MagnetoServer } from '../../src/server/index.js';
import { rawHttp, type RawResponse } from '../helpers/raw-http.js';
import { makeSandbox, SECRET, type Sandbox } from '../helpers/sandbox.js';
import { diffTrees, snapshotTree, type TreeSnapshot } from '../helpers/tree-snapshot.js';
import { hostileCorpus, type HostileCase } from './hostile-rest-corpus.js';

const corpus = hostileCorpus();

let box: Sandbox;
let server: MagnetoServer;
let port: number;
let baseline: TreeSnapshot;

beforeAll(async () => {
  box = await makeSandbox({ fixtures: true });
  server = createMagnetoServer({ dir: box.dir, host: '127.0.0.1', port: 0 });
  ({ port } = await server.listen());
  baseline = await snapshotTree(box.root);
});

afterAll(async () => {
  await server?.close();
  await box?.remove();
});

/** Problems with one answer; empty when it is acceptable for the case. */
function problems(c: HostileCase, res: RawResponse): string[] {
  const out: string[] = [];
  const expect = c.expect ?? 'error';
  if (res.status >= 500) out.push(`5xx: ${res.status} ${res.body.slice(0, 200)}`);
  if (res.raw.includes(SECRET)) out.push('response leaks a file from outside the directory');
  if (res.status === 0) {
    if (expect !== 'protocol')
      out.push(`no HTTP answer (connection closed): ${JSON.stringify(res.raw.slice(0, 200))}`);
    return out;
  }
  if (expect === 'error' && (res.status < 400 || res.status > 499))
    out.push(`expected a 4xx, got ${res.status}`);
  if (c.status !== undefined && res.status !== c.status) out.push(`expected ${c.status}, got ${res.status}`);
  if (expect === 'protocol' && (res.status < 400 || res.status > 499))
    out.push(`expected a 4xx or a close, got ${res.status}`);
  if (res.status >= 400 && c.req.method !== 'HEAD' && (expect !== 'protocol' || res.body !== '')) {
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      out.push(`error body is not JSON: ${JSON.stringify(res.body.slice(0, 200))}`);
      return out;
    }
    const b = body as { error?: unknown; message?: unknown; status?: unknown };
    if (typeof b.error !== 'string' || typeof b.message !== 'string' || b.status !== res.status) {
      out.push(`error body is not {error, message, status=${res.status}}: ${res.body.slice(0, 200)}`);
    }
  }
  return out;
}

describe('hostile REST requests', () => {
  it(`has a corpus of at least 300 requests (${corpus.length})`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
  });

  it.each(corpus.map((c, i) => [`#${i} ${c.id}`, c] as const))('%s', async (_id, c) => {
    // A protocol case may legitimately get no answer (a chunk size larger than the body
    // limit leaves the server waiting for bytes): 3 s tells that from a crash.
    const res = await rawHttp(port, c.req, c.expect === 'protocol' ? 3_000 : 10_000);
    const health = await rawHttp(port, { method: 'GET', path: '/health' });
    const now = await snapshotTree(box.root);
    const changed = diffTrees(baseline, now);
    baseline = now; // one failure must not cascade into the next cases

    expect(problems(c, res)).toEqual([]);
    expect(health.status, 'server still answers /health').toBe(200);
    const outside = changed.filter((d) => !/^\w+ cassettes\//.test(d));
    expect(outside, 'nothing outside the cassette directory changes').toEqual([]);
    if (res.status < 200 || res.status > 299)
      expect(changed, `a refused request (${res.status}) changes nothing`).toEqual([]);
  });

  it('still lists every cassette afterwards, victim unchanged', async () => {
    const res = await rawHttp(port, { method: 'GET', path: '/api/cassettes' });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { 'hydra:member': { name: string; description: string | null }[] };
    expect(body['hydra:member'].find((m) => m.name === 'victim')?.description).toBe('original');
    expect(res.body).not.toContain(SECRET);
  });
});
