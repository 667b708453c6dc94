import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { cassetteProblem } from '../../src/server/store/cassette-validate.js';
import { cassetteJson, makeSandbox, type Sandbox } from '../helpers/sandbox.js';
import { startServe } from '../helpers/serve-process.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 5);
const BIG = ['big-a', 'big-b', 'big-c', 'big-d'];
const SMALL = ['small-a', 'small-b', 'small-c'];

/** A valid cassette of about `mb` MiB, so that each rewrite takes a while. */
function bigCassette(name: string, mb: number): string {
  const body = Array.from({ length: 2048 }, (_, i) => i % 256);
  const one = {
    type: 'Http',
    request: { method: 'GET', url: 'https://x/', headers: {}, body },
    response: { status: 200, headers: {}, body: null },
    recorded_at: '2025-10-01T12:00:00Z',
  };
  const count = Math.ceil((mb * 1024 * 1024) / JSON.stringify(one).length);
  return cassetteJson(name, { description: 'original', interactions: Array(count).fill(one) });
}

interface Outcome {
  kind: 'create' | 'update';
  name: string;
  description: string;
  status: number | 'error';
}

let box: Sandbox | undefined;
afterEach(async () => {
  await box?.remove();
  box = undefined;
});

/** Every *.json in the directory parses and is a cassette the upstream reader accepts. */
async function checkDirectory(dir: string): Promise<Map<string, { description: unknown }>> {
  const docs = new Map<string, { description: unknown }>();
  for (const file of await readdir(dir)) {
    if (!file.endsWith('.json') || file.startsWith('.')) continue;
    const text = await readFile(join(dir, file), 'utf8');
    expect(text.length, `${file} is empty`).toBeGreaterThan(0);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new Error(`${file} is torn (${text.length} bytes): ${(error as Error).message}`);
    }
    expect(cassetteProblem(doc), `${file} is a valid cassette`).toBeUndefined();
    docs.set(file.slice(0, -5), doc as { description: unknown });
  }
  return docs;
}

describe('crash safety', () => {
  it(
    `never leaves a torn or empty cassette when the server is killed -9 mid-write (${ROUNDS} rounds)`,
    { timeout: 240_000 },
    async () => {
      box = await makeSandbox({ victim: false });
      for (const name of BIG) await writeFile(join(box.dir, `${name}.json`), bigCassette(name, 2));
      for (const name of SMALL)
        await writeFile(join(box.dir, `${name}.json`), cassetteJson(name, { description: 'original' }));
      const serve = await startServe({ dir: box.dir });

      /** Every description ever sent per name, and which were acknowledged. */
      const sent = new Map<string, Set<string>>();
      const created = new Set<string>();
      let killedMidFlight = 0;

      for (let round = 1; round <= ROUNDS; round++) {
        if (round > 1) await serve.restart();
        const base = serve.url;

        // The restarted server lists everything the last one left, readable.
        const listing = await request(`${base}/api/cassettes`);
        expect(listing.statusCode).toBe(200);
        const members = (
          (await listing.body.json()) as { 'hydra:member': { name: string; error?: string }[] }
        )['hydra:member'];
        expect(
          members.filter((m) => m.error !== undefined),
          'no unreadable cassette after a crash',
        ).toEqual([]);
        const files = (await readdir(box.dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
        expect(members.map((m) => m.name).sort()).toEqual(files.map((f) => f.slice(0, -5)).sort());
        for (const name of created)
          expect(files, `acknowledged create ${name} survived`).toContain(`${name}.json`);

        const agent = new Agent({ connections: 64, pipelining: 0 });
        const outcomes: Outcome[] = [];
        let answered = 0;
        let onAnswer: () => void = () => undefined;
        const enoughAnswers = new Promise<void>(
          (resolve) => (onAnswer = () => ++answered >= 12 && resolve()),
        );
        const send = async (kind: Outcome['kind'], name: string, description: string): Promise<void> => {
          if (!sent.has(name)) sent.set(name, new Set());
          sent.get(name)?.add(description);
          const url = kind === 'create' ? `${base}/api/cassettes` : `${base}/api/cassettes/${name}`;
          const body = JSON.stringify(kind === 'create' ? { name, description } : { description });
          try {
            const res = await request(url, {
              method: kind === 'create' ? 'POST' : 'PUT',
              dispatcher: agent,
              headers: { 'content-type': 'application/json' },
              body,
            });
            await res.body.dump();
            outcomes.push({ kind, name, description, status: res.statusCode });
            if (kind === 'create' && res.statusCode === 201) created.add(name);
          } catch {
            outcomes.push({ kind, name, description, status: 'error' });
          }
          onAnswer();
        };

        const ops: Promise<void>[] = [];
        for (let i = 0; i < 40; i++) {
          ops.push(send('create', `r${round}-c${i}`, `created in round ${round} #${i}`));
          const target = i % 3 === 0 ? SMALL[i % SMALL.length] : BIG[i % BIG.length];
          ops.push(send('update', target ?? 'big-a', `round ${round} update ${i} ${'x'.repeat(i * 20)}`));
        }
        await enoughAnswers;
        await serve.kill9();
        await Promise.allSettled(ops);
        await agent.destroy();
        if (outcomes.some((o) => o.status === 'error')) killedMidFlight++;

        expect(
          outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500),
          'no 5xx before the kill',
        ).toEqual([]);
        const docs = await checkDirectory(box.dir);
        for (const [name, doc] of docs) {
          const allowed = new Set(['original', ...(sent.get(name) ?? [])]);
          expect(allowed.has(String(doc.description)), `${name} holds a description that was sent`).toBe(
            true,
          );
        }
        // An acknowledged update is on disk: the description is one sent in this round.
        for (const name of new Set(
          outcomes.filter((o) => o.kind === 'update' && o.status === 200).map((o) => o.name),
        )) {
          expect(String(docs.get(name)?.description), name).toMatch(new RegExp(`^round ${round} `));
        }
      }
      expect(killedMidFlight, 'the kill landed while requests were in flight').toBeGreaterThan(0);

      await serve.restart();
      const last = await request(`${serve.url}/api/cassettes`);
      expect(last.statusCode).toBe(200);
      const members = ((await last.body.json()) as { 'hydra:member': { error?: string }[] })['hydra:member'];
      expect(members.filter((m) => m.error !== undefined)).toEqual([]);
    },
  );
});
