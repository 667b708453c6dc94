/**
 * The details view live, in a real terminal (issue 9 §3, §5, §6): the real binary in a pty,
 * a real server on a temp directory the test writes to as a recorder would, and the fake
 * upstream answering as magneto-serge v0.7 does.
 */
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startFakeUpstream, upstreamCassette } from '../helpers/fake-upstream.js';
import { Keys, spawnWatch } from '../helpers/pty.js';
import { cassetteJson, makeSandbox } from '../helpers/sandbox.js';
import { rowNamed, statusLine } from '../helpers/screen-rows.js';
import { startServe } from '../helpers/serve-process.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/cassettes/', import.meta.url));

function http(path: string, status: number, headers: Record<string, string> = {}): Record<string, unknown> {
  return {
    type: 'Http',
    recorded_at: '2025-10-01T12:00:00Z',
    request: { method: 'GET', url: `https://api.example.com${path}`, headers, body: null },
    response: { status, headers: {}, body: null },
  };
}

/** Writes `name.json` as a recorder should: a temp file, then a rename (never half a file). */
async function record(dir: string, name: string, interactions: unknown[]): Promise<void> {
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  await writeFile(tmp, cassetteJson(name, { description: 'Users service', interactions }));
  await rename(tmp, join(dir, `${name}.json`));
}

describe('live details in a terminal', () => {
  it(
    'show the interactions a recorder appends while they are open, flashing +, and ⚠ marks secrets',
    { timeout: 60_000 },
    async () => {
      const box = await makeSandbox({ victim: false });
      onTestFinished(() => box.remove());
      const first = [http('/users/1', 200), http('/users/2', 200)];
      await record(box.dir, 'users-api', first);
      await record(box.dir, 'leaky', [
        http('/me', 200, { Authorization: 'Bearer abcdefghijklmnopqrstuvwx' }),
      ]);
      const serve = await startServe({ dir: box.dir });
      const t = await spawnWatch({ args: ['--url', serve.url], cols: 120, rows: 30 });
      await t.waitFor((l) => statusLine(l).includes('● Live') && rowNamed(l, 'users-api') !== undefined);
      // The cassette with a bearer token is flagged in the table; the other is not.
      expect(
        t.screenText().find((l) => l.includes('leaky')),
        t.dump(),
      ).toMatch(/^› {2}leaky +⚠ +Users service +auto/);
      expect(t.screenText().find((l) => l.includes('users-api'))).toMatch(/^ {3}users-api +Users service/);
      t.press(Keys.down);
      t.press(Keys.enter);
      await t.waitFor(/›\s+0\s+GET\s+200\s+—\s+https:\/\/api\.example\.com\/users\/1/);
      expect(t.screenText(), t.dump()).toContain(` file          ${box.dir}/users-api.json`);
      await record(box.dir, 'users-api', [
        ...first,
        http('/users/3', 200),
        http('/users/4', 500, { Authorization: 'Bearer zyxwvutsrqponmlkjihgfedcba' }),
      ]);
      await t.waitFor(/ \+\s+2\s+GET\s+200/, 5000);
      const lines = t.screenText();
      expect(lines.filter((l) => /^[› ][+ ]/.test(l) && /https:\/\/api/.test(l))).toEqual([
        '›      0  GET     200    —       https://api.example.com/users/1',
        '       1  GET     200    —       https://api.example.com/users/2',
        ' +     2  GET     200    —       https://api.example.com/users/3',
        ' +⚠    3  GET     500    —       https://api.example.com/users/4',
      ]);
      expect(lines.some((l) => l.includes('Cassette updated: users-api (+2 interactions)'))).toBe(true);
      // The flash ends; f keeps the failure only.
      await t.waitFor((l) => l.some((x) => x.startsWith('       2  GET')), 8000);
      t.press('f');
      await t.waitFor(/1 of 4 interactions · failures only/);
      t.press(Keys.escape);
      t.press(Keys.escape);
      await t.waitFor(/NAME ▲/);
      // Back in the table, users-api now holds a secret too.
      expect(t.screenText().find((l) => l.includes('users-api'))).toMatch(/users-api +⚠/);
      t.press('q');
      await t.waitExit();
    },
  );

  it(
    'against upstream v0.7 show the per-kind counts of its stats, and its 404 among the failures',
    { timeout: 60_000 },
    async () => {
      const upstream = await startFakeUpstream({
        cassettes: [await upstreamCassette(join(FIXTURES, 'github-users.json'))],
      });
      onTestFinished(() => upstream.close());
      const t = await spawnWatch({ args: ['--url', upstream.url], cols: 80, rows: 24 });
      await t.waitFor((l) => /Polling/.test(statusLine(l)) && rowNamed(l, 'github-users') !== undefined);
      t.press(Keys.enter);
      await t.waitFor(/https:\/\/api\.github\.com\/user\/repos/);
      const lines = t.screenText();
      expect(lines.find((l) => l.startsWith(' version'))).toBe(
        ' version 1.0   http 3   http errors 0   websocket 0   cookies unknown',
      );
      // The directory of an upstream server is not known: the file is named alone.
      expect(lines).toContain(' file          github-users.json');
      t.press('f');
      await t.waitFor(/1 of 3 interactions · failures only/);
      expect(t.screenText().filter((l) => l.includes('https://'))).toEqual([
        '›      1  GET     404    —       https://api.github.com/users/ghost',
      ]);
      t.press('q');
      t.press('q');
      await t.waitExit();
    },
  );
});
