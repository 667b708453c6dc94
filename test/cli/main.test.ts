import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createMagnetoServer } from '../../src/server/index.js';
import { BIN } from '../helpers/pty.js';
import { cleanEnv, cli, closedPort, expectOneLine } from '../helpers/run-cli.js';

const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mw-cli-'));
  dirs.push(d);
  return d;
}

describe('command line', () => {
  it('prints its version', async () => {
    const r = await cli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  describe('help', () => {
    it('lists the commands, then examples, keys, environment, config file and exit codes', async () => {
      const r = await cli(['--help']);
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      const start = lines.indexOf('Commands:') + 1;
      const commands = lines.slice(start, lines.indexOf('', start));
      // Terms start in column 2; wrapped descriptions are indented further.
      expect(commands.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s{2,}/)[0])).toEqual([
        'serve [options]',
        'demo [options]',
        'list [options]',
        'show [options] <name>',
        'completion <shell>',
        'config',
        'help [command]',
      ]);
      for (const heading of ['Examples:', 'Keys (terminal UI):', 'Environment:', 'Exit codes:'])
        expect(lines, heading).toContain(heading);
      expect(lines).toContain('  # one cassette and its interactions');
      expect(lines).toContain('  magneto-watch show github-users');
      expect(lines).toContain('  q, Ctrl-C                quit');
      expect(lines).toContain('  MAGNETO_TOKEN_FILE    file holding the bearer token, like --token-file');
      expect(lines).toContain(
        '  70  internal error: a bug (the message has a stack trace; please report it)',
      );
    });

    it('`help serve` prints the help of serve', async () => {
      const [viaHelp, viaFlag] = await Promise.all([cli(['help', 'serve']), cli(['serve', '--help'])]);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout.split('\n')[0]).toBe('Usage: magneto-watch serve [options]');
      expect(viaHelp.stdout).toBe(viaFlag.stdout);
      expect(viaHelp.stdout).toContain('--token-file <file>');
      expect(viaHelp.stdout).toContain('  magneto-watch serve --host 0.0.0.0 --token-file /run/secrets/mw');
    });

    it('never shows the token of the environment as a default', async () => {
      const r = await cli(['serve', '--help'], { env: { MAGNETO_TOKEN: 'top-s3cret' } });
      expect(r.stdout).not.toContain('top-s3cret');
    });
  });

  describe('usage errors: exit 2, one line with a hint to --help', () => {
    it('suggests the command a typo was meant to be', async () => {
      expectOneLine(
        await cli(['serv']),
        2,
        "magneto-watch: unknown command 'serv' (Did you mean serve?); see 'magneto-watch --help'",
      );
    });

    it('refuses an unknown option', async () => {
      expectOneLine(
        await cli(['--frobnicate']),
        2,
        "magneto-watch: unknown option '--frobnicate'; see 'magneto-watch --help'",
      );
    });

    it("points at the subcommand's help for the subcommand's mistakes", async () => {
      expectOneLine(
        await cli(['serve', '--port', '70000']),
        2,
        "magneto-watch: option '--port <port>' argument '70000' is invalid. expected an integer from 0 to 65535; see 'magneto-watch serve --help'",
      );
      expectOneLine(
        await cli(['serve', 'extra']),
        2,
        "magneto-watch: too many arguments for 'serve'. Expected 0 arguments but got 1; see 'magneto-watch serve --help'",
      );
    });

    it('refuses a bad URL from a flag or the environment', async () => {
      expectOneLine(await cli(['--url', 'not a url', '--json']), 2, /--url <url>.*"not a url" is not a URL/);
      expectOneLine(
        await cli(['--json'], { env: { MAGNETO_URL: 'ftp://x' } }),
        2,
        'magneto-watch: MAGNETO_URL: "ftp://x" is not an http:// or https:// URL',
      );
    });

    it('refuses a token given twice', async () => {
      expectOneLine(
        await cli(['--token', 'a', '--token-file', 'b']),
        2,
        "magneto-watch: option '--token <token>' cannot be used with option '--token-file <file>'; see 'magneto-watch --help'",
      );
      expectOneLine(
        await cli(['list'], { env: { MAGNETO_TOKEN: 'a', MAGNETO_TOKEN_FILE: '/b' } }),
        2,
        'magneto-watch: MAGNETO_TOKEN and MAGNETO_TOKEN_FILE are both set: unset one',
      );
    });

    it('refuses a non-loopback bind without a token', async () => {
      const dir = await tempDir();
      expectOneLine(
        await cli(['serve', '--port', '0', '--dir', dir, '--host', '0.0.0.0']),
        2,
        /refusing to listen on 0\.0\.0\.0 without a token/,
      );
    });

    it('prints the help of a command that needs a subcommand, on stderr', async () => {
      const r = await cli(['config']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe('Usage: magneto-watch config [options] [command]');
    });
  });

  describe('runtime failures: exit 1, one line', () => {
    it('refuses a missing cassette directory', async () => {
      const base = await tempDir();
      expectOneLine(await cli(['serve', '--port', '0', '--dir', join(base, 'nope')]), 1, /does not exist/);
    });

    it('says when no server answers a one-shot command', async () => {
      const port = await closedPort();
      expectOneLine(
        await cli(['list', '--url', `http://127.0.0.1:${port}`]),
        1,
        `magneto-watch: cannot reach http://127.0.0.1:${port}: ECONNREFUSED`,
      );
    });
  });

  it('treats an empty MAGNETO_URL as unset', async () => {
    const r = await cli(['--help'], { env: { MAGNETO_URL: '' } });
    expect(r.code).toBe(0);
    const base = await tempDir();
    const bad = await cli(['--json', '--dir', join(base, 'nope')], { env: { MAGNETO_URL: '' } });
    expect(bad.stderr).not.toMatch(/MAGNETO_URL|not a URL/);
  });

  it('prints each cassette with its secret count in --json (protocol.md §2.5, §4.6)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-cli-'));
    dirs.push(dir);
    await cp(fileURLToPath(new URL('../fixtures/inspect/', import.meta.url)), dir, { recursive: true });
    const server = createMagnetoServer({ dir, port: 0 });
    const { url } = await server.listen();
    const child = spawn(process.execPath, [BIN, '--json', '--url', url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [first] = (await once(lines, 'line')) as [string];
      const snapshot = JSON.parse(first) as { type: string; cassettes: Array<Record<string, unknown>> };
      expect(snapshot.type).toBe('Snapshot');
      expect(snapshot.cassettes.map((c) => [c.name, c.secrets_count])).toEqual([
        ['binary-bodies', 1],
        ['leaky-auth', 8],
        ['odd-bodies', 0],
        ['pem-key', 1],
      ]);
    } finally {
      child.kill('SIGINT');
      await once(child, 'exit');
      await server.close();
    }
  });

  it('runs the demo and removes its temp copy when interrupted', async () => {
    const tmp = await tempDir();
    const { env } = await cleanEnv();
    const child = spawn(process.execPath, [BIN, 'demo', '--json'], {
      env: { ...env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit');
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, 'line')) as [string];
    const snapshot = JSON.parse(first);
    expect(snapshot.type).toBe('Snapshot');
    expect(snapshot.cassettes.map((c: { name: string }) => c.name)).toContain('auth-login');
    expect(await readdir(tmp)).toHaveLength(1);
    child.kill('SIGINT');
    const [code] = (await exited) as [number];
    expect(code).toBe(0);
    expect(await readdir(tmp)).toEqual([]);
  });
});
