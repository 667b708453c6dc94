/**
 * The server every terminal-UI case watches: a new magneto-watch server process
 * (the working tree's src/server, pinned to the server core) on a fresh
 * directory of the same generated cassettes. A storm creates, updates and
 * deletes `storm-*` cassettes, so no case may inherit another's directory.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startChild, SERVER_CORE } from '../lib/child.js';
import { send } from '../lib/http.js';
import { removeTempDir, tempDir } from '../lib/tmp.js';
import type { StartResult } from '../servers/magneto.js';

export interface StormResult {
  /** Events the server published during the storm (its seq delta). */
  events: number;
  /** Store calls that failed. */
  failures: number;
}

export interface StormServer {
  url: string;
  /** Mutates the store at `rate`/s for `seconds`; resolves when every call has settled. */
  storm(rate: number, seconds: number): Promise<StormResult>;
  /** The server's own list: total and names. */
  list(): Promise<{ total: number; names: Set<string> }>;
}

/** Deterministic small cassettes (0–6 interactions), the same for every case. */
async function smallCassettes(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - i) }, (_, k) => {
        const n = i + k;
        const name = `cassette-${String(n).padStart(6, '0')}`;
        const interactions = Array.from({ length: n % 7 }, () => ({
          type: 'Http',
          request: { method: 'GET', url: 'https://x/y', headers: {}, body: null },
          response: { status: 200, headers: {}, body: [111, 107] },
          recorded_at: '2025-10-26T10:00:00Z',
        }));
        return writeFile(
          join(dir, `${name}.json`),
          JSON.stringify(
            {
              version: '1.0',
              name,
              recorded_at: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
              description: n % 3 ? null : `flow ${n}`,
              interactions,
            },
            null,
            2,
          ),
        );
      }),
    );
  }
}

/** Runs `fn` against a new server on `cassettes` fresh cassettes; stops it and removes the directory after. */
export async function withStormServer<T>(
  cassettes: number,
  fn: (server: StormServer) => Promise<T>,
): Promise<T> {
  const root = await tempDir('tui-dir');
  const dir = join(root, 'cassettes');
  await smallCassettes(dir, cassettes);
  const child = startChild('servers/magneto.ts', { core: SERVER_CORE, name: 'tui-server' });
  try {
    const s = await child.request<StartResult>('start', { options: { dir } }, 300_000);
    let seq = s.seq;
    return await fn({
      url: s.url,
      async storm(rate, seconds) {
        const st = await child.request<{ ms: number; failures: number; seq: number }>(
          'storm',
          { rate, count: Math.round(rate * seconds), prefix: 'storm' },
          (seconds + 60) * 1000,
        );
        const events = st.seq - seq;
        seq = st.seq;
        return { events, failures: st.failures };
      },
      async list() {
        const body = JSON.parse((await send(`${s.url}/api/cassettes`, 'GET')).body) as {
          'hydra:totalItems': number;
          'hydra:member': { name: string }[];
        };
        return { total: body['hydra:totalItems'], names: new Set(body['hydra:member'].map((m) => m.name)) };
      },
    });
  } finally {
    await child.stop();
    await removeTempDir(root);
  }
}
