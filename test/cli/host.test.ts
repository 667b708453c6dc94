import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createNetServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { attachOrHost, enableTakeover, probeMagneto } from '../../src/cli/host.js';
import { createMagnetoServer, type MagnetoServer } from '../../src/server/index.js';
import { FakeEngine } from '../helpers/fake-engine.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tempCassettes(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-host-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(new URL('../fixtures/cassettes/', import.meta.url), dir, { recursive: true });
  return dir;
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const probe = createNetServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

/** A built page directory (index.html, app.js, app.css) holding `marker`. */
async function tempPage(marker: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-page-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'index.html'), marker);
  await writeFile(join(dir, 'app.js'), '');
  await writeFile(join(dir, 'app.css'), '');
  return dir;
}

async function pageOf(url: string): Promise<string> {
  const res = await fetch(`${url}/`);
  return `${res.status} ${await res.text()}`;
}

function track(server: MagnetoServer | undefined): void {
  if (server) cleanups.push(() => server.close());
}

describe('embedded default', () => {
  it('hosts the directory when nothing answers on the port', async () => {
    const dir = await tempCassettes();
    const port = await freePort();
    const first = await attachOrHost(dir, { port });
    track(first.server);
    expect(first.server).toBeDefined();
    expect(first.url).toBe(`http://127.0.0.1:${port}`);
    expect(await probeMagneto(first.url)).toBe(true);
  });

  it('serves the web page at / from the hosted server', async () => {
    const dir = await tempCassettes();
    const port = await freePort();
    const first = await attachOrHost(dir, { port, pageDir: await tempPage('the page') });
    track(first.server);
    expect(await pageOf(first.url)).toBe('200 the page');
  });

  it('attaches a second instance to the first instead of hosting again', async () => {
    const dir = await tempCassettes();
    const port = await freePort();
    const first = await attachOrHost(dir, { port });
    track(first.server);
    const second = await attachOrHost(dir, { port });
    track(second.server);
    expect(second.server).toBeUndefined();
    expect(second.url).toBe(first.url);
    expect(second.notice).toContain('attached');
  });

  it('hosts on another free port when the port is taken by something else', async () => {
    const dir = await tempCassettes();
    const squatter: Server = createNetServer((socket) => socket.destroy()).listen(0, '127.0.0.1');
    await once(squatter, 'listening');
    cleanups.push(() => new Promise((resolve) => squatter.close(resolve)));
    const port = (squatter.address() as { port: number }).port;
    const hosted = await attachOrHost(dir, { port, probeTimeoutMs: 200 });
    track(hosted.server);
    expect(hosted.server).toBeDefined();
    expect(hosted.url).not.toBe(`http://127.0.0.1:${port}`);
    expect(hosted.notice).toBe(`hosting on :${hosted.server?.port} (${port} busy)`);
  });
});

describe('takeover', () => {
  it('hosts the directory from Hello on the same address when the connection drops', async () => {
    const dir = await tempCassettes();
    const port = await freePort();
    const engine = new FakeEngine();
    const hosted: MagnetoServer[] = [];
    const done = new Promise<void>((resolve) => {
      enableTakeover(engine, `http://127.0.0.1:${port}`, (server) => {
        hosted.push(server);
        track(server);
        resolve();
      });
    });
    engine.push({
      type: 'hello',
      hello: { type: 'Hello', epoch: 'e', seq: 0, heartbeat_ms: 30000, server: 'x', dir },
    });
    engine.push({ type: 'status', status: { kind: 'reconnecting', attempt: 1, retryAt: 0 } });
    await done;
    expect(hosted).toHaveLength(1);
    expect(hosted[0]?.store.dir).toBe(dir);
    expect(await probeMagneto(`http://127.0.0.1:${port}`)).toBe(true);
  });

  it('serves the web page from the server it takes over with', async () => {
    const dir = await tempCassettes();
    const port = await freePort();
    const engine = new FakeEngine();
    const pageDir = await tempPage('taken over');
    const done = new Promise<void>((resolve) => {
      enableTakeover(
        engine,
        `http://127.0.0.1:${port}`,
        (server) => {
          track(server);
          resolve();
        },
        { pageDir },
      );
    });
    engine.push({
      type: 'hello',
      hello: { type: 'Hello', epoch: 'e', seq: 0, heartbeat_ms: 30000, server: 'x', dir },
    });
    engine.push({ type: 'status', status: { kind: 'reconnecting', attempt: 1, retryAt: 0 } });
    await done;
    expect(await pageOf(`http://127.0.0.1:${port}`)).toBe('200 taken over');
  });

  it('does nothing when the server did not say which directory it serves', async () => {
    const engine = new FakeEngine();
    let created = 0;
    enableTakeover(engine, 'http://127.0.0.1:1', () => undefined, {
      createServer: (o) => {
        created++;
        return createMagnetoServer(o);
      },
    });
    engine.push({ type: 'status', status: { kind: 'reconnecting', attempt: 1, retryAt: 0 } });
    expect(created).toBe(0);
  });

  it('lets the first instance that binds win and leaves the others attached', async () => {
    const dir = await tempCassettes();
    const port = await freePort();
    const winner = createMagnetoServer({ dir, port });
    await winner.listen();
    track(winner);
    const engine = new FakeEngine();
    const hosted: MagnetoServer[] = [];
    let attempts = 0;
    const failed = new Promise<void>((resolve) => {
      enableTakeover(engine, `http://127.0.0.1:${port}`, (s) => hosted.push(s), {
        createServer: (o) => {
          attempts++;
          const server = createMagnetoServer(o);
          const listen = server.listen.bind(server);
          server.listen = () => listen().finally(resolve);
          return server;
        },
      });
    });
    engine.push({
      type: 'hello',
      hello: { type: 'Hello', epoch: 'e', seq: 0, heartbeat_ms: 30000, server: 'x', dir },
    });
    engine.push({ type: 'status', status: { kind: 'reconnecting', attempt: 1, retryAt: 0 } });
    await failed;
    expect(attempts).toBe(1);
    expect(hosted).toHaveLength(0);
  });
});
