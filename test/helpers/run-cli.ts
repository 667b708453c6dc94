/**
 * Runs the built command line once (`node bin/magneto-watch.js …`) and collects its exit
 * status and output, for tests of what a script or a person at a prompt sees.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BIN, cleanupAfterTest } from './pty.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to the environment (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** @default 15000 */
  timeoutMs?: number;
}

/**
 * The environment a test starts from: the runner's, without the variables the command line
 * reads, with HOME and the XDG folders in a fresh temp dir (no user config leaks in).
 */
export async function cleanEnv(): Promise<{ env: Record<string, string>; home: string }> {
  const home = await mkdtemp(join(tmpdir(), 'mw-home-'));
  cleanupAfterTest(() => rm(home, { recursive: true, force: true }));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(MAGNETO_|XDG_)/.test(k) || k === 'NO_COLOR' || k === 'FORCE_COLOR') continue;
    env[k] = v;
  }
  env.HOME = home;
  return { env, home };
}

export async function cli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const { env: base } = await cleanEnv();
  const env: Record<string, string> = { ...base };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env, cwd: options.cwd, timeout: options.timeoutMs ?? 15_000, maxBuffer: 16 * 2 ** 20 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code as number) : 0;
        resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
      },
    );
  });
}

/** One line on stderr, exactly `line`, no stack trace, and exit `code`. */
export function expectOneLine(r: CliResult, code: number, line: string | RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  if (typeof line === 'string') expect(lines[0]).toBe(line);
  else expect(lines[0]).toMatch(line);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}
