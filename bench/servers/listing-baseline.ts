/**
 * Listing baseline, what upstream does: on every
 * GET /api/cassettes, read and JSON.parse every file of the directory and
 * re-serialize each one to compute sizeBytes. node:http, no cache.
 */
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { notifyParent, procStats, serveParent } from '../lib/child.js';

const dir = process.argv[2] ?? '.';

function list(): unknown[] {
  const members: unknown[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json') || file.startsWith('.')) continue;
    try {
      const c = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        name?: string;
        recorded_at?: string;
        interactions?: unknown[];
      };
      members.push({
        name: c.name ?? file.slice(0, -5),
        version: '1.0',
        recordedAt: c.recorded_at,
        interactionCount: c.interactions?.length ?? 0,
        sizeBytes: JSON.stringify(c).length,
        format: 'Json',
      });
    } catch {
      // upstream silently drops unparsable files
    }
  }
  return members;
}

const server = createServer((req, res) => {
  if (req.url?.split('?')[0] !== '/api/cassettes') {
    res.writeHead(404).end();
    return;
  }
  const members = list();
  const body = JSON.stringify({
    '@id': '/api/cassettes',
    '@type': 'hydra:Collection',
    'hydra:totalItems': members.length,
    'hydra:member': members,
  });
  res
    .writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    .end(body);
});
server.listen(0, '127.0.0.1', () =>
  notifyParent('listening', { port: (server.address() as AddressInfo).port }),
);
serveParent(
  { stats: (m) => procStats(m.gc === true) },
  () => new Promise<void>((r) => server.close(() => r())),
);
