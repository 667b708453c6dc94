import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createMagnetoServer } from '../../src/server/index.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/magneto-watch.js', import.meta.url));
const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      timeout: 15_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A user mistake is one line on stderr, a non-zero exit, and no stack trace. */
function expectOneLineError(r: Result, pattern: RegExp): void {
  expect(r.code).not.toBe(0);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('command line', () => {
  it('prints its version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('prints help with the subcommands', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('serve');
    expect(r.stdout).toContain('demo');
    expect(r.stdout).toContain('--url');
  });

  it('refuses an unknown option in one line', async () => {
    expectOneLineError(await cli(['--frobnicate']), /unknown option '--frobnicate'/);
  });

  it('refuses a bad URL in one line', async () => {
    expectOneLineError(await cli(['--url', 'not a url', '--json']), /not a URL/);
    expectOneLineError(
      await cli(['--json'], { MAGNETO_URL: 'ftp://x' }),
      /MAGNETO_URL: "ftp:\/\/x" is not an http:\/\/ or https:\/\/ URL/,
    );
  });

  it('treats an empty MAGNETO_URL as unset', async () => {
    // With MAGNETO_URL= and no --url, it must not fail on '"" is not a URL'.
    const r = await cli(['--help'], { MAGNETO_URL: '' });
    expect(r.code).toBe(0);
    const base = await mkdtemp(join(tmpdir(), 'mw-cli-'));
    dirs.push(base);
    const bad = await cli(['--json', '--dir', join(base, 'nope')], { MAGNETO_URL: '' });
    expect(bad.stderr).not.toMatch(/MAGNETO_URL|not a URL/);
  });

  it('refuses a bad port in one line', async () => {
    expectOneLineError(await cli(['serve', '--port', '70000']), /--port.*integer from 0 to 65535/);
  });

  it('refuses a missing cassette directory in one line', async () => {
    const base = await mkdtemp(join(tmpdir(), 'mw-cli-'));
    dirs.push(base);
    expectOneLineError(await cli(['serve', '--port', '0', '--dir', join(base, 'nope')]), /does not exist/);
  });

  it('refuses a non-loopback bind without a token', async () => {
    const base = await mkdtemp(join(tmpdir(), 'mw-cli-'));
    dirs.push(base);
    expectOneLineError(
      await cli(['serve', '--port', '0', '--dir', base, '--host', '0.0.0.0']),
      /refusing to listen on 0\.0\.0\.0 without a token/,
    );
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
    const tmp = await mkdtemp(join(tmpdir(), 'mw-demo-'));
    dirs.push(tmp);
    const child = spawn(process.execPath, [BIN, 'demo', '--json'], {
      env: { ...process.env, TMPDIR: tmp },
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
