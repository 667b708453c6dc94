/**
 * The cassette the inspector bench opens: 1.7 MB on disk in the recorder's format (bodies
 * are arrays of byte numbers, protocol.md §1.1), whose largest interaction, first, holds a
 * JSON response body of every byte the size leaves (about 0.5 MB: a byte costs 3–4
 * characters in the file), then five small interactions.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Size of the cassette file. */
export const CASSETTE_BYTES = 1_700_000;
export const CASSETTE_NAME = 'big-users';

const bytesOf = (s: string): number[] => Array.from(Buffer.from(s, 'utf8'));

function http(url: string, body: number[] | null): Record<string, unknown> {
  return {
    type: 'Http',
    request: { method: 'GET', url, headers: { accept: 'application/json' }, body: null },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body },
    recorded_at: '2025-10-26T10:00:00Z',
  };
}

/** Writes `<dir>/big-users.json`; returns its size and the large body's size, in bytes. */
export async function writeBigCassette(dir: string): Promise<{ fileBytes: number; bodyBytes: number }> {
  const small = Array.from({ length: 5 }, (_, i) =>
    http(`https://api.example.com/v1/users/${i}`, bytesOf(JSON.stringify({ id: i, login: `user${i}` }))),
  );
  const doc = (body: number[]): string =>
    JSON.stringify({
      version: '1.0',
      name: CASSETTE_NAME,
      recorded_at: '2025-10-26T10:00:00Z',
      interactions: [http('https://api.example.com/v1/users?limit=all', body), ...small],
    });
  const overhead = doc([]).length;
  // Items until the file would pass CASSETTE_BYTES: each body byte costs its digits and a comma.
  const items: string[] = [];
  let cost = overhead;
  for (let i = 0; ; i++) {
    const item = JSON.stringify({
      id: i,
      login: `user${i}`,
      email: `user${i}@example.com`,
      tags: ['admin', 'beta'].slice(0, i % 3),
      active: i % 2 === 0,
      score: (i * 7.31) % 100,
      profile: { city: 'Lyon', zip: `690${i % 10}0`, bio: null },
    });
    const c = bytesOf(item).reduce((sum, b) => sum + String(b).length + 1, 0) + 4;
    if (cost + c > CASSETTE_BYTES) break;
    cost += c;
    items.push(item);
  }
  const body = bytesOf(`{"users":[${items.join(',')}]}`);
  const text = doc(body);
  await writeFile(join(dir, `${CASSETTE_NAME}.json`), text);
  return { fileBytes: Buffer.byteLength(text), bodyBytes: body.length };
}
