import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDebugLog } from '../../src/cli/debug-log.js';
import { ErrorCode } from '../../src/protocol/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeEngine } from '../helpers/fake-engine.js';
import { BIN, spawnWatch } from '../helpers/pty.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { cassetteJson } from '../helpers/sandbox.js';
import { startServe } from '../helpers/serve-process.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mw-debug-'));
  dirs.push(d);
  return d;
}

const T0 = Date.parse('2026-11-29T20:01:02.345Z');
const ISO_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [a-z-]+ \S/;

describe('the debug log', () => {
  it('writes one line per entry: the ISO time on the clock, the event, the message made inert', () => {
    const lines: string[] = [];
    const clock = new FakeClock(T0);
    const log = openDebugLog({ stream: (t) => lines.push(t), name: 'test' }, clock);
    log.log({ event: 'connect', message: 'ws://h/ws (attempt 1)' });
    clock.advance(1500);
    log.line('end', 'closed (1000 \u001b[31mred\u001b[0m\nsecond line)');
    expect(lines).toEqual([
      '2026-11-29T20:01:02.345Z connect ws://h/ws (attempt 1)\n',
      '2026-11-29T20:01:03.845Z end closed (1000 red second line)\n',
    ]);
  });

  it("follows the engine's status and server kind", () => {
    const lines: string[] = [];
    const clock = new FakeClock(T0);
    const log = openDebugLog({ stream: (t) => lines.push(t), name: 'test' }, clock);
    const engine = new FakeEngine();
    log.follow(engine);
    engine.setStatus({ kind: 'reconnecting', attempt: 2, retryAt: T0 + 2000, reason: 'ECONNREFUSED' });
    engine.push({ type: 'server', info: { flavor: 'upstream-hydra', canCreate: false, canUpdate: false } });
    engine.setStatus({ kind: 'live' });
    expect(lines).toEqual([
      '2026-11-29T20:01:02.345Z status reconnecting in 2s (attempt 2): ECONNREFUSED\n',
      '2026-11-29T20:01:02.345Z server upstream-hydra\n',
      '2026-11-29T20:01:02.345Z status live\n',
    ]);
  });

  it('appends to a file created readable by its owner only', async () => {
    const path = join(await tempDir(), 'debug.log');
    await writeFile(path, 'before\n', { mode: 0o600 });
    const log = openDebugLog({ file: path }, new FakeClock(T0));
    log.line('start', 'again');
    log.close();
    expect(await readFile(path, 'utf8')).toBe('before\n2026-11-29T20:01:02.345Z start again\n');
    const fresh = join(await tempDir(), 'state', 'magneto-watch', 'debug.log');
    openDebugLog({ file: fresh, createDir: true }, new FakeClock(T0)).close();
    expect((await stat(fresh)).mode & 0o777).toBe(0o600);
  });

  it('refuses a file it cannot open in one sentence (bad_file)', async () => {
    const path = join(await tempDir(), 'no', 'such', 'dir', 'x.log');
    expect(() => openDebugLog({ file: path }, new FakeClock(T0))).toThrow(
      expect.objectContaining({
        code: ErrorCode.BadFile,
        message: `log file ${path}: cannot be opened (ENOENT)`,
      }),
    );
  });

  it('stops quietly when writing fails (a full disk must not take the UI down)', () => {
    let calls = 0;
    const log = openDebugLog(
      {
        stream: () => {
          calls++;
          throw new Error('ENOSPC');
        },
        name: 'full',
      },
      new FakeClock(T0),
    );
    expect(() => log.line('a', 'b')).not.toThrow();
    log.line('c', 'd');
    expect(calls).toBe(1);
  });
});

describe('--debug and --log-file, as the program writes them', () => {
  async function server() {
    const dir = await tempDir();
    await writeFile(join(dir, 'alpha.json'), cassetteJson('alpha'));
    return startServe({ dir });
  }

  it('--json --debug writes timed lines to stderr, NDJSON alone to stdout', async () => {
    const serve = await server();
    const { env } = await cleanEnv();
    const child = spawn(process.execPath, [BIN, '--json', '--debug', '--url', serve.url], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no 'status live' in: ${stderr}`)), 10_000);
      child.stderr.on('data', (d: Buffer) => {
        stderr += String(d);
        if (/Z status live\n/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGTERM');
    await once(child, 'exit');
    const timed = stderr.split('\n').filter((l) => ISO_LINE.test(l));
    const events = timed.map((l) => l.split(' ')[1]);
    expect(events).toEqual(
      expect.arrayContaining(['start', 'connect', 'open', 'hello', 'request', 'list', 'status']),
    );
    const ws = serve.url.replace('http', 'ws');
    expect(timed.map((l) => l.slice(25))).toEqual(
      expect.arrayContaining([
        `connect ${ws}/ws?batch=1 (attempt 1)`,
        expect.stringMatching(new RegExp(`^open ${ws}/ws\\?batch=1 in \\d+ ms$`)),
        expect.stringMatching(/^list initial: 1 cassettes at seq 0 \(magneto-watch\) in \d+ ms$/),
        'status live',
      ]),
    );
    // Not one log line on stdout: it stays NDJSON.
    for (const line of stdout.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('in the terminal UI, writes to the state folder, never to the screen, and says where', async () => {
    const serve = await server();
    const { env, home } = await cleanEnv();
    const state = join(home, 'state');
    const ui = await spawnWatch({
      args: ['--debug', '--url', serve.url],
      env: { ...env, XDG_STATE_HOME: state },
      // The status line drops its notice first when it is short of room.
      cols: 160,
    });
    await ui.waitFor(/● Live/);
    expect(ui.screenText()[0]).toMatch(/ {3}debug log: ~\/state\/magneto-watch\/debug\.log +1 cassette$/);
    expect(ui.rawBytes()).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/);
    ui.press('q');
    await ui.waitExit();
    await ui.waitFor(new RegExp(`magneto-watch: debug log in ${state}/magneto-watch/debug\\.log`));
    const lines = (await readFile(join(state, 'magneto-watch', 'debug.log'), 'utf8')).trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(ISO_LINE);
    expect(lines.map((l) => l.split(' ')[1])).toEqual(
      expect.arrayContaining(['start', 'connect', 'list', 'status']),
    );
    expect(lines[0]).toMatch(/ start magneto-watch \S+ \(node v\d+\.\d+\.\d+, pid \d+\): terminal UI$/);
  });

  it('--log-file appends there instead, in the UI too', async () => {
    const serve = await server();
    const { env } = await cleanEnv();
    const file = join(await tempDir(), 'mw.log');
    const ui = await spawnWatch({ args: ['--log-file', file, '--url', serve.url], env });
    await ui.waitFor(/● Live/);
    ui.press('q');
    await ui.waitExit();
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/Z status live\n/);
  });
});
