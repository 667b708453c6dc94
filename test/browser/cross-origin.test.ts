/**
 * An app on its own origin, as the original plan has it (an Angular app on :4200 talking to
 * the server): a static page served here on another port does what the plan's
 * WebSocketService and list/create calls do — open /ws, fetch the list, POST a create —
 * against `serve --allow-origin <its origin>`. The same page from a foreign origin is
 * refused: the browser reports the CORS failures and the upgrade is answered 403.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { request } from 'undici';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.js';
import { startServe } from '../helpers/serve-process.js';
import { launchChromium, type Chromium } from './chromium.js';
import { WAIT_MS } from './live-page.js';

const CHROMIUM = inject('chromium');

const APP_HTML = '<!doctype html><title>other app</title><pre id="log"></pre><script src="/app.js"></script>';

/**
 * The plan's browser client in plain JavaScript: `/ws` first (events flow while it works),
 * then the list, then a create, then the create's event (bounded in the page). The server,
 * token and name come from the query string; everything it saw ends up in `window.results`.
 */
const APP_JS = `
const q = new URLSearchParams(location.search);
const api = q.get('api'), token = q.get('token'), name = q.get('name');
const auth = token ? { authorization: 'Bearer ' + token } : {};
const results = { events: [] };
let created;
const createdEvent = new Promise((resolve) => (created = resolve));
const ws = new WebSocket(api.replace(/^http/, 'ws') + '/ws', token ? ['magneto.v1', 'bearer.' + token] : undefined);
const opened = new Promise((resolve) => {
  ws.onopen = () => resolve(true);
  ws.onclose = (e) => { results.wsClose = e.code; resolve(false); };
});
ws.onmessage = (e) => {
  const m = JSON.parse(e.data);
  results.events.push(m.type + (m.cassette ? ':' + m.cassette.name : ''));
  if (m.type === 'CassetteCreated' && m.cassette.name === name) created();
};
(async () => {
  results.wsOpened = await opened;
  try {
    const r = await fetch(api + '/api/cassettes', { headers: auth });
    results.listStatus = r.status;
    results.list = (await r.json())['hydra:member'].map((c) => c.name);
  } catch (e) { results.listError = String(e); }
  try {
    const r = await fetch(api + '/api/cassettes', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name, description: 'from another origin', mode: 'auto' }),
    });
    results.createStatus = r.status;
  } catch (e) { results.createError = String(e); }
  if (results.wsOpened) {
    await Promise.race([createdEvent, new Promise((r) => setTimeout(r, 10000))]);
  }
  results.done = true;
  document.getElementById('log').textContent = JSON.stringify(results, null, 2);
  window.results = results;
})();
`;

interface Results {
  events: string[];
  wsOpened: boolean;
  wsClose?: number;
  listStatus?: number;
  list?: string[];
  listError?: string;
  createStatus?: number;
  createError?: string;
}

describe.skipIf(!CHROMIUM)('an app on another origin, in Chromium', () => {
  let browser: Chromium;
  let box: Sandbox;
  let app: Server;
  let appPort: number;

  beforeAll(async () => {
    box = await makeSandbox({ fixtures: true });
    app = createServer((req, res) => {
      const js = req.url?.startsWith('/app.js');
      res.writeHead(200, {
        'content-type': js ? 'text/javascript' : 'text/html',
        'cache-control': 'no-store',
      });
      res.end(js ? APP_JS : APP_HTML);
    });
    app.listen(0, '127.0.0.1');
    await once(app, 'listening');
    appPort = (app.address() as { port: number }).port;
    browser = await launchChromium(CHROMIUM);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    app?.closeAllConnections();
    await new Promise((resolve) => app?.close(resolve));
    await box?.remove();
  });

  /** Opens the app at `origin`, runs it against `api`, returns what it saw and the console's errors. */
  async function runApp(
    origin: string,
    api: string,
    name: string,
    token?: string,
  ): Promise<{ results: Results; console: string[] }> {
    const page: Page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const q = new URLSearchParams({ api, name, ...(token ? { token } : {}) });
    await page.goto(`${origin}/?${q}`);
    await page.waitForFunction(
      () => (window as unknown as { results?: unknown }).results !== undefined,
      null,
      {
        timeout: WAIT_MS,
      },
    );
    const results = await page.evaluate(() => (window as unknown as { results: Results }).results);
    await page.close();
    return { results, console: errors };
  }

  async function listed(url: string, token?: string): Promise<string[]> {
    const res = await request(`${url}/api/cassettes`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return ((await res.body.json()) as { 'hydra:member': { name: string }[] })['hydra:member'].map(
      (c) => c.name,
    );
  }

  it.each([
    ['without a token', undefined],
    ['with a token (every request preflighted)', 'tok-cross-7e2'],
  ])(
    'lists, creates and hears the event from the allowed origin, %s',
    async (_what, token) => {
      const allowed = `http://127.0.0.1:${appPort}`;
      const serve = await startServe({
        dir: box.dir,
        args: ['--allow-origin', allowed, ...(token ? ['--token', token] : [])],
      });
      const name = `cross-${token ? 'token' : 'open'}`;
      const { results, console } = await runApp(allowed, serve.url, name, token);
      expect(results).toMatchObject({ wsOpened: true, listStatus: 200, createStatus: 201 });
      expect(results.list).toEqual(expect.arrayContaining(['github-users', 'victim']));
      expect(results.events[0]).toBe('Hello');
      expect(results.events).toContain(`CassetteCreated:${name}`);
      expect(console).toEqual([]);
      expect(await listed(serve.url, token)).toContain(name);
    },
    60_000,
  );

  it('is refused from a foreign origin: CORS blocks the answers and /ws is 403', async () => {
    const serve = await startServe({ dir: box.dir, args: ['--allow-origin', `http://127.0.0.1:${appPort}`] });
    // The same app, reached by another name: another origin.
    const foreign = `http://localhost:${appPort}`;
    const { results, console } = await runApp(foreign, serve.url, 'cross-foreign');
    expect(results).toMatchObject({
      wsOpened: false,
      wsClose: 1006,
      listError: 'TypeError: Failed to fetch',
      createError: 'TypeError: Failed to fetch',
    });
    expect(results.events).toEqual([]);
    expect(
      console.some((m) => /Unexpected response code: 403/.test(m)),
      console.join('\n'),
    ).toBe(true);
    expect(
      console.some((m) => m.includes(`from origin '${foreign}' has been blocked by CORS policy`)),
      console.join('\n'),
    ).toBe(true);
    expect(await listed(serve.url)).not.toContain('cross-foreign');
  }, 60_000);
});
