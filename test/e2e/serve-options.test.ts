import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { defaultParseWorkers } from '../../src/server/store/parse-pool.js';
import { http } from '../helpers/http.js';
import { BIN } from '../helpers/pty.js';
import { cassetteJson } from '../helpers/sandbox.js';
import { startServe } from '../helpers/serve-process.js';
import { waitUntil } from '../helpers/wait-until.js';
import { connect } from '../helpers/ws-client.js';

const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
const TOKEN = 'tok-3c1d9e77-secret';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-serve-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The JSON lines of a log; a line that is not JSON fails the test. */
function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const ws = (url: string): string => url.replace(/^http/, 'ws');

describe('magneto-watch serve', () => {
  it('with --poll, stats the directory instead of watching it, says so, and turns a file written on disk into an event', async () => {
    const dir = await tempDir();
    const s = await startServe({ dir, args: ['--poll=200'] });
    expect(s.stdout()).toBe(
      `magneto-watch ${VERSION} serving ${dir} at ${s.url} (web page: ${s.url}/, live events: ${ws(s.url)}/ws; disk: polled every 200 ms)\n`,
    );
    expect((await http(s.url, 'GET', '/health')).json).toMatchObject({
      watch: { mode: 'poll', interval_ms: 200 },
    });
    const client = await connect(`${ws(s.url)}/ws`);
    expect(await client.next()).toMatchObject({ type: 'Hello', watch: { mode: 'poll', interval_ms: 200 } });
    await writeFile(join(dir, 'recorded.json'), cassetteJson('recorded'));
    expect(await client.next()).toMatchObject({ type: 'CassetteCreated', cassette: { name: 'recorded' } });
  });

  it('says on its startup line that it watches for file events by default', async () => {
    const dir = await tempDir();
    const s = await startServe({ dir });
    expect(s.stdout()).toBe(
      `magneto-watch ${VERSION} serving ${dir} at ${s.url} (web page: ${s.url}/, live events: ${ws(s.url)}/ws; disk: file events)\n`,
    );
    expect((await http(s.url, 'GET', '/health')).json).toMatchObject({ watch: { mode: 'events' } });
    expect(await readdir(dir)).toEqual([]); // the watcher's probe file is gone
  });

  it('logs one JSON line per request and per change on disk to stderr, without the query or the token', async () => {
    const dir = await tempDir();
    const s = await startServe({ dir, args: ['--log-level', 'debug', '--token', TOKEN] });
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await http(s.url, 'GET', `/api/cassettes?page=1&token=${TOKEN}`, { headers: auth })).status).toBe(
      200,
    );
    expect((await http(s.url, 'GET', '/api/cassettes/missing', { headers: auth })).status).toBe(404);
    await writeFile(join(dir, 'recorded.json'), cassetteJson('recorded'));
    await waitUntil(() => s.stderr().includes('"disk change"'), 'the disk change line');

    const lines = jsonLines(s.stderr());
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toEqual([
      expect.objectContaining({
        level: 30,
        method: 'GET',
        path: '/api/cassettes',
        status: 200,
        ms: expect.any(Number),
      }),
      expect.objectContaining({ level: 30, method: 'GET', path: '/api/cassettes/missing', status: 404 }),
    ]);
    expect(lines.filter((l) => l.msg === 'disk change')).toEqual([
      expect.objectContaining({ level: 30, file: 'recorded.json', change: 'created', interactions: 0 }),
    ]);
    expect(lines.find((l) => l.msg === 'serving')).toMatchObject({ dir, watch: { mode: 'events' } });
    expect(s.stderr()).not.toContain(TOKEN);
    expect(s.stderr()).not.toContain('page=1');
  });

  it('appends the log to --log-file, leaving stderr quiet, and logs nothing at --log-level silent', async () => {
    const dir = await tempDir();
    const logFile = join(await tempDir(), 'serve.log');
    await writeFile(logFile, '{"earlier":true}\n');
    const logged = await startServe({ dir, args: ['--log-file', logFile] });
    expect((await http(logged.url, 'GET', '/health')).status).toBe(200);
    await logged.stop();
    expect(logged.stderr()).toBe('');
    const lines = jsonLines(await readFile(logFile, 'utf8'));
    expect(lines[0]).toEqual({ earlier: true });
    expect(lines.map((l) => l.msg)).toEqual([
      undefined,
      'indexed',
      'Server listening at ' + logged.url,
      'serving',
      'request',
      'closed',
    ]);

    const quiet = await startServe({ dir, args: ['--log-level', 'silent'] });
    expect((await http(quiet.url, 'GET', '/health')).status).toBe(200);
    await quiet.stop();
    expect(quiet.stderr()).toBe('');
  });

  it('indexes a directory of 1 000 files in worker threads, from the bundle, into the full list', async () => {
    const dir = await tempDir();
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) => writeFile(join(dir, `c${i}.json`), cassetteJson(`c${i}`))),
    );
    const s = await startServe({ dir });
    const indexed = jsonLines(s.stderr()).find((l) => l.msg === 'indexed');
    // The worker's code is inlined in the bundle (scripts/build.mjs): no file to find.
    expect(indexed).toMatchObject({ cassettes: 1000, workers: defaultParseWorkers(availableParallelism()) });
    expect(jsonLines(s.stderr()).filter((l) => l.level !== 30)).toEqual([]);
    expect((await http(s.url, 'GET', '/api/cassettes?limit=1')).json).toMatchObject({
      'hydra:totalItems': 1000,
    });
  });

  it('refuses a bad --poll, --log-level or --log-file with one line and no stack', async () => {
    const dir = await tempDir();
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, [BIN, 'serve', '--dir', dir, '--port', '0', ...args], {
        timeout: 15_000,
      }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
    // Usage errors exit 2 with a hint to --help; a file that cannot be opened is a failure (1).
    const cases: Array<[string[], number, RegExp]> = [
      [
        ['--poll=50'],
        2,
        /^magneto-watch: option '--poll \[ms\]' argument '50' is invalid\. expected an integer from 100 to 60000; see 'magneto-watch serve --help'$/,
      ],
      [
        ['--log-level', 'loud'],
        2,
        /^magneto-watch: option '--log-level <level>' argument 'loud' is invalid\. Allowed choices are fatal, error, warn, info, debug, trace, silent; see 'magneto-watch serve --help'$/,
      ],
      [
        ['--log-file', join(dir, 'no', 'such', 'x.log')],
        1,
        /^magneto-watch: cannot open the log file .*x\.log: its directory does not exist \(ENOENT\)$/,
      ],
      [
        ['--log-file', join(dir, 'log.json')],
        2,
        /^magneto-watch: --log-file .*log\.json would be listed as a cassette: use a name that does not end in \.json, or another directory$/,
      ],
    ];
    for (const [args, code, pattern] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toEqual([expect.stringMatching(pattern)]);
    }
  });
});
