/**
 * Installed as a user would: `npm pack`, `npm install <tarball>` into an empty folder,
 * then run the installed bin. Uses the dist/ that `npm run build` made (npm test builds first).
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/pty.js';
import { cassetteJson } from '../helpers/sandbox.js';
import { startServe } from '../helpers/serve-process.js';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  name: string;
};

let work: string;
let app: string;
let bin: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mw-pack-'));
  // --ignore-scripts: `prepare` would rebuild dist/ under the feet of tests running the bin in parallel.
  const { stdout } = await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: ROOT,
    timeout: 60_000,
  });
  const [info] = JSON.parse(stdout) as { filename: string }[];
  const tarball = join(work, info?.filename ?? '');
  app = join(work, 'app');
  await mkdir(app);
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({ name: 'an-empty-project', version: '1.0.0', private: true }),
  );
  // --no-audit/--no-fund: no registry round trips; the tarball itself must need nothing else.
  await run(NPM, ['install', tarball, '--no-audit', '--no-fund', '--offline'], { cwd: app, timeout: 90_000 });
  bin = join(app, 'node_modules', '.bin', 'magneto-watch');
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the installed package', () => {
  it('has no runtime dependencies and ships the bundle, the web page, bin and samples', async () => {
    const installed = JSON.parse(
      await readFile(join(app, 'node_modules', 'magneto-watch', 'package.json'), 'utf8'),
    ) as {
      dependencies?: Record<string, string>;
    };
    expect(installed.dependencies ?? {}).toEqual({});
    for (const f of [
      'bin/magneto-watch.js',
      'dist/cli.js',
      'dist/web/index.html',
      'dist/web/app.js',
      'dist/web/app.css',
      'samples',
      'LICENSE',
      'dist/THIRD-PARTY-NOTICES.txt',
    ]) {
      await expect(stat(join(app, 'node_modules', 'magneto-watch', f)), f).resolves.toBeTruthy();
    }
  });

  it('ships no source maps', async () => {
    const files = await readdir(join(app, 'node_modules', 'magneto-watch'), { recursive: true });
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('npx magneto-watch --version prints the version', async () => {
    const { stdout } = await run('npx', ['--no-install', 'magneto-watch', '--version'], {
      cwd: app,
      timeout: 30_000,
    });
    expect(stdout.trim()).toBe(pkg.version);
  });

  it(
    'serves a directory (GET /health, the page at /) and streams it as NDJSON with --json --url',
    { timeout: 60_000 },
    async () => {
      const dir = join(app, 'cassettes');
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, 'installed.json'),
        cassetteJson('installed', { description: 'from the tarball' }),
      );
      const serve = await startServe({
        dir,
        command: { file: bin, args: ['serve', '--dir', dir, '--port', '0'] },
      });
      const health = await request(`${serve.url}/health`);
      expect(health.statusCode).toBe(200);
      expect(await health.body.json()).toMatchObject({ status: 'healthy', version: pkg.version });
      const page = await request(`${serve.url}/`);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(await page.body.text()).toContain('<script type="module" src="app.js"></script>');
      expect(serve.stdout()).toContain(`(web page: ${serve.url}/,`);

      const child = spawn(bin, ['--json', '--url', serve.url], {
        cwd: app,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const lines = createInterface({ input: child.stdout });
        const [first] = (await once(lines, 'line')) as [string];
        const snapshot = JSON.parse(first) as {
          type: string;
          epoch: string;
          seq: number;
          cassettes: { name: string; description: string }[];
        };
        expect(snapshot.type).toBe('Snapshot');
        expect(typeof snapshot.epoch).toBe('string');
        expect(snapshot.cassettes).toEqual([
          expect.objectContaining({ name: 'installed', description: 'from the tarball' }),
        ]);
        // A change after the snapshot arrives as the next line.
        const next = once(lines, 'line') as Promise<[string]>;
        const res = await request(`${serve.url}/api/cassettes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"name":"after-install"}',
        });
        expect(res.statusCode).toBe(201);
        await res.body.dump();
        const [line] = await next;
        expect(JSON.parse(line)).toMatchObject({
          type: 'CassetteCreated',
          cassette: { name: 'after-install' },
        });
      } finally {
        child.kill('SIGKILL');
      }
    },
  );

  it('runs the demo from the installed samples (--json)', { timeout: 30_000 }, async () => {
    const child = spawn(bin, ['demo', '--json'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const [first] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const snapshot = JSON.parse(first) as { type: string; cassettes: unknown[] };
      expect(snapshot.type).toBe('Snapshot');
      expect(snapshot.cassettes.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
