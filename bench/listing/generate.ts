/**
 * Realistic cassette directories: upstream format, pretty-printed like serde's
 * `to_string_pretty` (one byte per line in bodies), mostly small, some medium,
 * 1% large, a few unreadable. Deterministic (seeded) so runs are comparable.
 */
import { link, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];

function body(rand: () => number, min: number, max: number): number[] {
  const n = Math.floor(min + rand() * (max - min));
  return Array.from({ length: n }, () => 32 + Math.floor(rand() * 90));
}

function interaction(rand: () => number, i: number, bodyMin: number, bodyMax: number): unknown {
  const at = new Date(Date.UTC(2025, 9, 26, 10, 0, i % 60, Math.floor(rand() * 1000))).toISOString();
  const r = rand();
  if (r < 0.9) {
    return {
      type: 'Http',
      request: {
        method: METHODS[i % METHODS.length],
        url: `https://api.example.com/v1/items/${i}?page=${Math.floor(rand() * 9)}`,
        headers: { accept: 'application/json', 'user-agent': 'magneto-bench/1.0' },
        body: r < 0.3 ? body(rand, bodyMin / 2, bodyMax / 2) : null,
      },
      response: {
        status: r < 0.85 ? 200 : 404,
        headers: { 'content-type': 'application/json', 'x-request-id': `req-${i}` },
        body: body(rand, bodyMin, bodyMax),
      },
      recorded_at: at,
      response_time_ms: Math.floor(rand() * 400),
    };
  }
  if (r < 0.95) {
    return {
      type: 'HttpError',
      request: { method: 'GET', url: `https://down.example.com/${i}`, headers: {}, body: null },
      error: { error_type: 'Timeout', message: 'timed out', timeout_ms: 5000 },
      recorded_at: at,
    };
  }
  return {
    type: 'WebSocket',
    url: 'wss://stream.example.com/ws',
    messages: Array.from({ length: 3 + Math.floor(rand() * 10) }, (_, k) => ({
      direction: k % 2 ? 'Received' : 'Sent',
      timestamp_ms: k * 17,
      msg_type: 'Text',
      data: `{"tick":${k},"v":"${'x'.repeat(Math.floor(rand() * 80))}"}`,
    })),
    close_frame: null,
    recorded_at: at,
  };
}

/** One cassette's text: size class by index (1% large, 20% medium, rest small; 0.2% unreadable). */
export function cassetteText(i: number): string {
  const rand = prng(i * 7919 + 1);
  const name = `cassette-${String(i).padStart(6, '0')}`;
  if (i % 500 === 499) return '{"version":"1.0","name":"' + name + '","interactions":[{"type":"Http"'; // truncated
  const cls = i % 100;
  const [n, bmin, bmax] =
    cls === 0
      ? [50 + Math.floor(rand() * 50), 500, 2000]
      : cls < 21
        ? [10 + Math.floor(rand() * 20), 30, 200]
        : [1 + Math.floor(rand() * 5), 20, 200];
  const cassette: Record<string, unknown> = {
    version: '1.0',
    name,
    recorded_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
  };
  if (i % 7 === 0) {
    cassette.cookies = [
      {
        name: 'sid',
        value: `s${i}`,
        domain: 'example.com',
        path: '/',
        expires: null,
        max_age: null,
        secure: true,
        http_only: true,
        same_site: 'Lax',
        created_at: cassette.recorded_at,
      },
    ];
  }
  if (i % 3 === 0) cassette.description = `Recorded flow number ${i}`;
  cassette.interactions = Array.from({ length: n }, (_, k) => interaction(rand, k, bmin, bmax));
  return JSON.stringify(cassette, null, 2);
}

/** Writes cassettes 0..count-1 into `dir`; returns the total bytes. */
export async function generateCassettes(dir: string, count: number): Promise<number> {
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const text = cassetteText(i);
      bytes += Buffer.byteLength(text);
      await writeFile(join(dir, `cassette-${String(i).padStart(6, '0')}.json`), text);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return bytes;
}

/** Fills `dir` with hard links to the first `count` files of `source` (sorted). */
export async function linkSubset(source: string, dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const names = (await readdir(source))
    .filter((n) => n.endsWith('.json'))
    .sort()
    .slice(0, count);
  for (const n of names) await link(join(source, n), join(dir, n));
}
