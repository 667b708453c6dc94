/**
 * `--json` is for scripts: what needs the user (a refused token, a server that is not a
 * magneto server) ends it with one line and exit 1; what may pass is retried and reported.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/pty.js';
import { cleanEnv, cli, closedPort, expectOneLine } from '../helpers/run-cli.js';
import { startServe } from '../helpers/serve-process.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-json-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A plain HTTP server answering every request, upgrades included, with `status`. */
async function answering(status: number, body: string): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(body);
  });
  server.on('upgrade', (_req, socket) => {
    socket.end(
      `HTTP/1.1 ${status} No\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    server.closeAllConnections();
    server.close();
  });
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('--json and failures that need the user', () => {
  it('exits 1 with the reason when the server refuses the token (401)', async () => {
    const dir = await tempDir();
    const tokenFile = join(dir, '.token');
    await writeFile(tokenFile, 'right-token\n', { mode: 0o600 });
    const serve = await startServe({ dir, args: ['--token-file', tokenFile] });
    expectOneLine(
      await cli(['--json', '--url', serve.url]),
      1,
      'magneto-watch: 401 Unauthorized: check the token',
    );
    expectOneLine(
      await cli(['--json', '--url', serve.url, '--token', 'wrong']),
      1,
      'magneto-watch: 401 Unauthorized: check the token',
    );
  });

  it("exits 1 on 403 with the server's sentence", async () => {
    const url = await answering(403, 'Host not allowed');
    expectOneLine(await cli(['--json', '--url', url]), 1, 'magneto-watch: 403 Forbidden: Host not allowed');
  });

  it('exits 1 when the server is not a magneto server', async () => {
    const url = await answering(404, 'Not Found');
    expectOneLine(
      await cli(['--json', '--url', url]),
      1,
      'magneto-watch: not a magneto server: GET /api/cassettes and GET /cassettes answered 404',
    );
  });

  it('keeps retrying a server that does not answer, and says so on stderr', async () => {
    const port = await closedPort();
    const { env } = await cleanEnv();
    const child = spawn(process.execPath, [BIN, '--json', '--url', `http://127.0.0.1:${port}`], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(async () => {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reconnect line: ${stderr}`)), 10_000);
      child.stderr.on('data', (d: Buffer) => {
        stderr += String(d);
        if (/reconnecting in \ds \(attempt 1\): ECONNREFUSED/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
  });
});
