/**
 * The web page's files at `/`, `/app.js`, `/app.css` (protocol.md §7), from a real server
 * over a page directory written by the test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/server/page.js';
import { http } from '../helpers/http.js';
import { startServer, tempDir } from '../helpers/server-harness.js';

const FILES = {
  'index.html': '<!doctype html><title>page</title>',
  'app.js': 'console.log("app");',
  'app.css': 'body{margin:0}',
};

async function pageDir(files: Partial<typeof FILES> = FILES): Promise<string> {
  const dir = join(await tempDir(), 'web');
  await mkdir(dir);
  for (const [name, body] of Object.entries(files)) await writeFile(join(dir, name), body);
  return dir;
}

describe('the web page', () => {
  it.each([
    ['/', 'index.html', 'text/html; charset=utf-8'],
    ['/app.js', 'app.js', 'text/javascript; charset=utf-8'],
    ['/app.css', 'app.css', 'text/css; charset=utf-8'],
  ] as const)('serves %s: %s as %s, revalidated on every load', async (path, file, type) => {
    const { url } = await startServer({ pageDir: await pageDir() });
    const res = await http(url, 'GET', path);
    expect(res.status).toBe(200);
    expect(res.text).toBe(FILES[file]);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });

  it('answers 304 without a body when the ETag still matches', async () => {
    const { url } = await startServer({ pageDir: await pageDir() });
    const first = await http(url, 'GET', '/app.js');
    const again = await http(url, 'GET', '/app.js', {
      headers: { 'if-none-match': first.headers.etag as string },
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
  });

  it('gives the page a CSP that allows only its own script, style and /ws', async () => {
    const { url, port } = await startServer({ pageDir: await pageDir() });
    const res = await http(url, 'GET', '/');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; " +
        `connect-src 'self' ws://127.0.0.1:${port} wss://127.0.0.1:${port}; ` +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('never puts a Host that is not a plain host[:port] into the CSP', () => {
    for (const host of ["evil.example; script-src 'unsafe-inline'", 'a b', 'x/y', undefined]) {
      expect(contentSecurityPolicy(host), String(host)).toContain("connect-src 'self'; ");
    }
    expect(contentSecurityPolicy('[::1]:8889')).toContain(
      "connect-src 'self' ws://[::1]:8889 wss://[::1]:8889;",
    );
  });

  it('answers HEAD with the headers and no body', async () => {
    const { url } = await startServer({ pageDir: await pageDir() });
    const res = await http(url, 'HEAD', '/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('is public: a server with a token serves the page without one, and not its data', async () => {
    const { url } = await startServer({ pageDir: await pageDir(), token: 'tok-page' });
    for (const path of ['/', '/app.js', '/app.css'])
      expect((await http(url, 'GET', path)).status, path).toBe(200);
    expect((await http(url, 'GET', '/api/cassettes')).status).toBe(401);
  });

  it('refuses other methods with 405 and Allow', async () => {
    const { url } = await startServer({ pageDir: await pageDir() });
    const res = await http(url, 'POST', '/', { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.json).toMatchObject({ error: 'method_not_allowed' });
  });

  it.each([
    ['a server given no page directory', undefined],
    ['a page directory that lacks app.css', { 'index.html': 'x', 'app.js': 'y' }],
  ] as const)('answers 404 not_found on %s', async (_what, files) => {
    const { url } = await startServer(files === undefined ? {} : { pageDir: await pageDir(files) });
    const res = await http(url, 'GET', '/');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      error: 'not_found',
      message: 'this server has no web page (it is built into dist/web by npm run build)',
      status: 404,
    });
  });
});
