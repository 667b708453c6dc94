import { readFile, writeFile, chmod, mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { readTokenFile } from '../../src/cli/token-file.js';
import { ErrorCode } from '../../src/protocol/index.js';
import { cli, expectOneLine } from '../helpers/run-cli.js';
import { startServe } from '../helpers/serve-process.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mw-token-'));
  dirs.push(d);
  return d;
}
async function file(content: string, mode = 0o600): Promise<string> {
  const path = join(await tempDir(), 'token');
  await writeFile(path, content);
  await chmod(path, mode);
  return path;
}

describe('a token file', () => {
  it('gives its content without the trailing newline or surrounding spaces', async () => {
    expect(await readTokenFile(await file('s3cret\n'))).toEqual({ token: 's3cret' });
    expect(await readTokenFile(await file('  s3cret \r\n\n'))).toEqual({ token: 's3cret' });
  });

  it('warns, and still gives the token, when other users may read it (ssh warns alike)', async () => {
    const path = await file('s3cret\n', 0o644);
    expect(await readTokenFile(path)).toEqual({
      token: 's3cret',
      warning: `warning: token file ${path} is accessible by other users (mode 0644); run chmod 600 on it`,
    });
    expect((await readTokenFile(await file('s3cret', 0o640))).warning).toMatch(/mode 0640/);
  });

  it.each([
    ['a missing file', async () => join(await tempDir(), 'nope'), 'not found'],
    ['an empty file', () => file(''), 'empty'],
    ['a file of blank lines', () => file('\n \n'), 'empty'],
    ['two lines', () => file('one\ntwo\n'), 'more than one line (expected the token alone)'],
    ['a control character', () => file('to\u0007ken'), 'holds control characters'],
    ['a folder', async () => tempDir(), 'not a regular file'],
    ['a huge file', () => file('x'.repeat(70_000)), 'larger than 64 KiB, not a token'],
  ])('refuses %s in one sentence (bad_file)', async (_what, make, why) => {
    const path = await make();
    await expect(readTokenFile(path)).rejects.toMatchObject({
      code: ErrorCode.BadFile,
      message: `token file ${path}: ${why}`,
    });
  });

  // root reads any file, whatever its mode.
  it.skipIf(process.getuid?.() === 0)('refuses an unreadable file', async () => {
    const path = await file('s3cret', 0o000);
    await expect(readTokenFile(path)).rejects.toMatchObject({
      message: `token file ${path}: cannot be read (EACCES)`,
    });
  });
});

describe('--token-file and MAGNETO_TOKEN_FILE', () => {
  it('serve requires the token from the file, which never shows in its command line', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'cassettes'));
    const tokenFile = await file('t0ken-from-file\n');
    const serve = await startServe({ dir: join(dir, 'cassettes'), args: ['--token-file', tokenFile] });
    const cmdline = await readFile(`/proc/${serve.pid}/cmdline`, 'utf8');
    expect(cmdline).toContain(tokenFile);
    expect(cmdline).not.toContain('t0ken-from-file');

    const refused = await request(`${serve.url}/api/cassettes`);
    expect(refused.statusCode).toBe(401);
    await refused.body.dump();
    const allowed = await request(`${serve.url}/api/cassettes`, {
      headers: { authorization: 'Bearer t0ken-from-file' },
    });
    expect(allowed.statusCode).toBe(200);
    await allowed.body.dump();

    // The client commands read it the same ways.
    const byFlag = await cli(['list', '--url', serve.url, '--token-file', tokenFile, '--json']);
    expect(byFlag).toMatchObject({ code: 0, stdout: '[]\n', stderr: '' });
    const byEnv = await cli(['list', '--url', serve.url, '--json'], {
      env: { MAGNETO_TOKEN_FILE: tokenFile },
    });
    expect(byEnv).toMatchObject({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('serve reads MAGNETO_TOKEN_FILE and warns on stderr about a file others may read', async () => {
    const dir = await tempDir();
    const tokenFile = await file('shared\n', 0o644);
    const serve = await startServe({ dir, env: { MAGNETO_TOKEN_FILE: tokenFile } });
    // The warning is the one line that is not the server's JSON log.
    expect(
      serve
        .stderr()
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('{')),
    ).toEqual([
      `magneto-watch: warning: token file ${tokenFile} is accessible by other users (mode 0644); run chmod 600 on it`,
    ]);
    const res = await request(`${serve.url}/api/cassettes`, { headers: { authorization: 'Bearer shared' } });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
  });

  it('refuses a missing or empty file in one line, exit 1', async () => {
    const dir = await tempDir();
    expectOneLine(
      await cli(['serve', '--dir', dir, '--port', '0', '--token-file', join(dir, 'nope')]),
      1,
      `magneto-watch: token file ${join(dir, 'nope')}: not found`,
    );
    const empty = await file('');
    expectOneLine(
      await cli(['--json', '--url', 'http://127.0.0.1:9'], { env: { MAGNETO_TOKEN_FILE: empty } }),
      1,
      `magneto-watch: token file ${empty}: empty`,
    );
  });
});
