/** `list` and `show`: one answer for a script, from our server or upstream, then exit. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { listTable } from '../../src/cli/list-table.js';
import type { CassetteSummary } from '../../src/protocol/index.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { BIN, spawnWatch } from '../helpers/pty.js';
import { cleanEnv, cli, expectOneLine } from '../helpers/run-cli.js';
import { cassetteJson, httpInteractions } from '../helpers/sandbox.js';
import { startServe } from '../helpers/serve-process.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mw-oneshot-'));
  cleanups.push(() => rm(d, { recursive: true, force: true }));
  return d;
}

/** Recorded two hours ago: the relative time reads `2h ago` whenever the test runs. */
const twoHoursAgo = (): string => new Date(Date.now() - 2 * 3600_000 - 60_000).toISOString();

async function served() {
  const dir = await tempDir();
  const recorded_at = twoHoursAgo();
  await writeFile(
    join(dir, 'users-api.json'),
    cassetteJson('users-api', {
      recorded_at,
      description: 'Users service',
      interactions: httpInteractions(3),
    }),
  );
  await writeFile(join(dir, 'auth-login.json'), cassetteJson('auth-login', { recorded_at, mode: 'replay' }));
  await copyFile(join(FIXTURES, 'bad/ansi-injection.json'), join(dir, 'ansi-injection.json'));
  await copyFile(join(FIXTURES, 'bad/truncated.json'), join(dir, 'truncated.json'));
  const serve = await startServe({ dir });
  return { dir, serve, url: serve.url };
}

describe('list', () => {
  it('prints a table in a pipe: every row, nothing cut, no escape sequence, server strings made inert', async () => {
    const { url } = await served();
    const r = await cli(['list', '--url', url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'NAME            DESCRIPTION                               INTERACTIONS  RECORDED',
      'ansi-injection  red fake line                                        0  1y ago',
      'auth-login                                                           0  2h ago',
      'truncated       unreadable: invalid JSON at position 109             —  —',
      'users-api       Users service                                        3  2h ago',
      '',
    ]);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('prints the columns asked for, in that order, sorted as asked', async () => {
    const { url } = await served();
    const r = await cli([
      'list',
      '--url',
      url,
      '--columns',
      'mode,size,interactions',
      '--sort',
      'interactions',
    ]);
    expect(r.stdout.split('\n')).toEqual([
      'NAME            MODE       SIZE  INTERACTIONS',
      'users-api       auto    1.2 KiB             3',
      'ansi-injection  auto      186 B             0',
      'auth-login      replay    133 B             0',
      'truncated       auto      109 B             —',
      '',
    ]);
  });

  it('--json prints the summaries as GET /api/cassettes lists them, by name', async () => {
    const { url } = await served();
    const r = await cli(['list', '--url', url, '--json']);
    const res = await request(`${url}/api/cassettes`);
    const members = ((await res.body.json()) as { 'hydra:member': CassetteSummary[] })['hydra:member'];
    expect(JSON.parse(r.stdout)).toEqual([...members].sort((a, b) => a.name.localeCompare(b.name)));
  });

  it('--json escapes the controls JSON.stringify leaves raw (a C1 CSI, bidi overrides)', async () => {
    const dir = await tempDir();
    const description = 'C1 \u009b2J and \u202eevil';
    await writeFile(join(dir, 'c1.json'), cassetteJson('c1', { description }));
    const serve = await startServe({ dir });
    const r = await cli(['list', '--url', serve.url, '--json']);
    expect(r.stdout).toContain('"description": "C1 \\u009b2J and \\u202eevil"');
    expect(r.stdout).not.toMatch(/[\u007f-\u009f\u202a-\u202e]/);
    expect((JSON.parse(r.stdout) as CassetteSummary[])[0]?.description).toBe(description);
  });

  it('--names prints the names alone, one per line', async () => {
    const { url } = await served();
    expect(await cli(['list', '--url', url, '--names'])).toEqual({
      code: 0,
      stdout: 'ansi-injection\nauth-login\ntruncated\nusers-api\n',
      stderr: '',
    });
  });

  it('takes --url given before the subcommand (magneto-watch --url U list), as kubectl and gh do', async () => {
    const { url } = await served();
    expect(await cli(['--url', url, 'list', '--names'])).toEqual({
      code: 0,
      stdout: 'ansi-injection\nauth-login\ntruncated\nusers-api\n',
      stderr: '',
    });
    // The subcommand's own --url wins.
    const r = await cli(['--url', url, 'list', '--names', '--url', 'http://127.0.0.1:1']);
    expect(r.code).toBe(1);
  });

  it('says so on stderr when there is no cassette', async () => {
    const serve = await startServe({ dir: await tempDir() });
    expect(await cli(['list', '--url', serve.url])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'magneto-watch: no cassettes\n',
    });
    expect(await cli(['list', '--url', serve.url, '--json'])).toEqual({
      code: 0,
      stdout: '[]\n',
      stderr: '',
    });
  });

  it('fits a terminal: the description shrinks, nothing wraps', async () => {
    const { url } = await served();
    const { env } = await cleanEnv();
    const term = await spawnWatch({ args: ['list', '--url', url], cols: 60, rows: 10, env });
    expect(await term.waitExit()).toMatchObject({ exitCode: 0 });
    expect(term.screenText().slice(0, 6)).toEqual([
      'NAME            DESCRIPTION           INTERACTIONS  RECORDED',
      'ansi-injection  red fake line                    0  1y ago',
      'auth-login                                       0  2h ago',
      'truncated       unreadable: invalid…             —  —',
      'users-api       Users service                    3  2h ago',
      '',
    ]);
  });

  it('reads upstream magneto-serge, Hydra and REST alike', async () => {
    const cassettes = [
      { name: 'up-a', recordedAt: twoHoursAgo(), interactionCount: 2 },
      { name: 'up-b', recordedAt: twoHoursAgo(), interactionCount: 7 },
    ];
    for (const noApi of [false, true]) {
      const upstream = await startFakeUpstream({ cassettes, noApi });
      cleanups.push(() => upstream.close());
      const r = await cli(['list', '--url', upstream.url, '--columns', 'interactions']);
      expect(r.stdout, noApi ? 'REST' : 'Hydra').toBe(
        'NAME  INTERACTIONS\nup-a             2\nup-b             7\n',
      );
    }
  });

  it('gives up after --timeout on a server that never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => void sockets.push(s));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    cleanups.push(async () => {
      for (const s of sockets) s.destroy();
      silent.close();
    });
    const port = (silent.address() as { port: number }).port;
    expectOneLine(
      await cli(['list', '--url', `http://127.0.0.1:${port}`, '--timeout', '300']),
      1,
      `magneto-watch: no answer from http://127.0.0.1:${port} within 0.3 s`,
    );
  });

  it('ends quietly when the reader goes away (| head -1)', async () => {
    const dir = await tempDir();
    await Promise.all(
      // 2 000 summaries of JSON: far more than a pipe holds, so the writer meets the closed end.
      Array.from({ length: 2000 }, (_, i) => writeFile(join(dir, `c-${i}.json`), cassetteJson(`c-${i}`))),
    );
    const serve = await startServe({ dir });
    const { env } = await cleanEnv();
    const child = spawn(process.execPath, [BIN, 'list', '--url', serve.url, '--json'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    await once(child.stdout, 'data');
    child.stdout.destroy();
    const [code] = (await once(child, 'exit')) as [number];
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});

describe('show', () => {
  it('prints the details, then the interactions', async () => {
    const { url } = await served();
    const r = await cli(['show', 'users-api', '--url', url]);
    expect(r.stderr).toBe('');
    const [, recorded] = /recorded {6}(\S+)/.exec(r.stdout) ?? [];
    expect(r.stdout.split('\n')).toEqual([
      'users-api',
      '  description   Users service',
      '  mode          auto',
      `  recorded      ${recorded} (2h ago)`,
      '  size          1.2 KiB',
      '  version       1.0',
      '  interactions  3 (http 3, http errors 0, websocket 0)',
      '  cookies       0',
      '',
      '  #  METHOD  STATUS  TIME   URL',
      '  0  GET     200     0 ms   https://api.example.test/items/0',
      '  1  GET     200     10 ms  https://api.example.test/items/1',
      '  2  GET     200     20 ms  https://api.example.test/items/2',
      '',
    ]);
  });

  it('--json prints the details with the interactions', async () => {
    const { url } = await served();
    const r = await cli(['show', 'users-api', '--url', url, '--json']);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({
      name: 'users-api',
      description: 'Users service',
      interactions_count: 3,
      http_count: 3,
      interactions: [
        { index: 0, kind: 'Http', method: 'GET', url: 'https://api.example.test/items/0', status: 200 },
        { index: 1, response_time_ms: 10 },
        { index: 2, response_time_ms: 20 },
      ],
    });
  });

  it('shows an unreadable cassette, and why its interactions are not listed', async () => {
    const { url } = await served();
    const r = await cli(['show', 'truncated', '--url', url]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(-4)).toEqual([
      '  unreadable    invalid JSON at position 109',
      '',
      '  interactions not listed: cassette "truncated" is unreadable (invalid JSON at position 109); fix or remove the file by hand',
      '',
    ]);
  });

  it('says a missing cassette is not found, exit 1', async () => {
    const { url } = await served();
    expectOneLine(await cli(['show', 'nope', '--url', url]), 1, 'magneto-watch: cassette "nope" not found');
  });

  it('refuses a name that is not one path component, exit 2', async () => {
    expectOneLine(
      await cli(['show', '../etc', '--url', 'http://127.0.0.1:9']),
      2,
      "magneto-watch: command-argument value '../etc' is invalid for argument 'name'. name may not start with a dot; see 'magneto-watch show --help'",
    );
  });

  it('reads upstream: Hydra with interactions, REST without (it has no route for them)', async () => {
    const cassettes = [{ name: 'up-a', recordedAt: twoHoursAgo(), interactionCount: 2 }];
    const hydra = await startFakeUpstream({ cassettes });
    const rest = await startFakeUpstream({ cassettes, noApi: true });
    cleanups.push(
      () => hydra.close(),
      () => rest.close(),
    );
    const h = await cli(['show', 'up-a', '--url', hydra.url]);
    expect(h.stdout.split('\n').slice(-5)).toEqual([
      '',
      '  #  METHOD  STATUS  TIME  URL',
      '  0  GET     200     —     https://example.test/items/0',
      '  1  GET     200     —     https://example.test/items/1',
      '',
    ]);
    const r = await cli(['show', 'up-a', '--url', rest.url]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(-2)).toEqual([
      '  interactions not listed: this server cannot list interactions',
      '',
    ]);
    expectOneLine(
      await cli(['show', 'nope', '--url', rest.url]),
      1,
      'magneto-watch: cassette "nope" not found',
    );
    expectOneLine(
      await cli(['show', 'nope', '--url', hydra.url]),
      1,
      'magneto-watch: cassette "nope" not found',
    );
  });
});

describe('the list table', () => {
  const rows: CassetteSummary[] = [
    {
      name: 'a',
      description: 'a description much longer than the terminal',
      recorded_at: null,
      interactions_count: 1,
    },
    { name: 'wide-名前', description: '日本語の説明', recorded_at: null, interactions_count: 22 },
  ];
  it('shrinks the description to fit the width, wide characters counted as two columns', () => {
    expect(listTable(rows, { columns: ['DESCRIPTION', 'INTERACTIONS'], width: 40, now: 0 })).toEqual([
      'NAME       DESCRIPTION      INTERACTIONS',
      'a          a description …             1',
      'wide-名前  日本語の説明               22',
    ]);
  });

  it('keeps at least 11 columns of description, then cuts the line at the width', () => {
    expect(listTable(rows, { columns: ['DESCRIPTION', 'INTERACTIONS'], width: 30, now: 0 })).toEqual([
      'NAME       DESCRIPTION  INTER…',
      'a          a descript…       …',
      'wide-名前  日本語の説…       …',
    ]);
  });
  it('shows SECRETS as the count found, + when the scan was cut short, — when the server does not say', () => {
    const secrets: CassetteSummary[] = [
      { name: 'leaky', description: null, recorded_at: null, interactions_count: 2, secrets_count: 3 },
      {
        name: 'big',
        description: null,
        recorded_at: null,
        interactions_count: 9,
        secrets_count: 1,
        secrets_partial: true,
      },
      { name: 'clean', description: null, recorded_at: null, interactions_count: 1, secrets_count: 0 },
      { name: 'upstream', description: null, recorded_at: null, interactions_count: 1 },
      { name: 'broken', description: null, recorded_at: null, interactions_count: null, secrets_count: null },
    ];
    expect(listTable(secrets, { columns: ['SECRETS', 'INTERACTIONS'], now: 0 })).toEqual([
      'NAME      SECRETS  INTERACTIONS',
      'leaky           3             2',
      'big            1+             9',
      'clean           0             1',
      'upstream        —             1',
      'broken          —             —',
    ]);
  });

  it('cuts nothing without a width', () => {
    expect(listTable(rows, { columns: ['DESCRIPTION'], now: 0 })).toEqual([
      'NAME       DESCRIPTION',
      'a          a description much longer than the terminal',
      'wide-名前  日本語の説明',
    ]);
  });
});
