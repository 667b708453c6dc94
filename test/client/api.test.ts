import { Response } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createSync, type FetchLike, type SyncEngine } from '../../src/client/index.js';
import { FakeClock } from '../helpers/fake-clock.js';

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  signal?: AbortSignal;
}

let engines: SyncEngine[] = [];
afterEach(async () => {
  for (const e of engines) await e.stop();
  engines = [];
});

/** An engine whose fetch answers from `reply` and records every call (not started: REST only). */
function engineWith(reply: (call: Call) => Response | Promise<Response>, token?: string) {
  const calls: Call[] = [];
  type Init = { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal };
  const fetch = (async (url: string, init: Init) => {
    const call = {
      method: init.method,
      url,
      headers: init.headers,
      body: init.body ? JSON.parse(init.body) : undefined,
      signal: init.signal,
    };
    calls.push(call);
    return reply(call);
  }) as unknown as FetchLike;
  const engine = createSync({
    url: 'http://127.0.0.1:8889',
    fetch,
    clock: new FakeClock(),
    ...(token ? { token } : {}),
  });
  engines.push(engine);
  return { engine, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('REST helpers', () => {
  it('creates with a JSON body and the bearer token, and returns the summary', async () => {
    const { engine, calls } = engineWith(
      () =>
        json(201, {
          name: 'new-one',
          description: 'd',
          recorded_at: '2025-10-27T10:00:00Z',
          interactions_count: 0,
          mode: 'record',
        }),
      'tok',
    );
    const created = await engine.create({ name: 'new-one', description: 'd', mode: 'record' });
    expect(created).toEqual({
      name: 'new-one',
      description: 'd',
      recorded_at: '2025-10-27T10:00:00Z',
      interactions_count: 0,
      mode: 'record',
    });
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: 'http://127.0.0.1:8889/api/cassettes',
      body: { name: 'new-one', description: 'd', mode: 'record' },
      headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
    });
    expect(engine.table.size).toBe(0);
  });

  it("rejects with the server's JSON error code and message", async () => {
    const { engine } = engineWith(() =>
      json(409, { error: 'already_exists', message: "cassette 'x' already exists", status: 409 }),
    );
    await expect(engine.create({ name: 'x' })).rejects.toMatchObject({
      name: 'MagnetoError',
      code: 'already_exists',
      message: "cassette 'x' already exists",
      status: 409,
    });
  });

  it('synthesises an error from a plain-text body', async () => {
    const { engine } = engineWith(() => new Response('Bad Gateway\n', { status: 502 }));
    await expect(engine.update('x', { description: 'y' })).rejects.toMatchObject({
      code: 'internal_error',
      message: 'Bad Gateway',
      status: 502,
    });
  });

  it("maps a foreign server's code to ours for the status, keeping its message and code", async () => {
    const cases: [number, string, string][] = [
      [404, 'cassette_not_found', 'not_found'],
      [409, 'duplicate', 'already_exists'],
      [503, 'maintenance', 'internal_error'],
      [429, 'slow_down', 'http_error'],
      [400, 'network', 'bad_request'], // one of our codes that never travels is foreign too
    ];
    for (const [status, foreign, ours] of cases) {
      const { engine } = engineWith(() => json(status, { error: foreign, message: `says ${foreign}` }));
      await expect(engine.update('x', { description: 'y' }), foreign).rejects.toMatchObject({
        code: ours,
        serverCode: foreign,
        message: `says ${foreign}`,
        status,
      });
    }
  });

  it('names a plain-text answer by its status', async () => {
    const cases: [number, string][] = [
      [404, 'not_found'],
      [405, 'method_not_allowed'],
      [422, 'unreadable'],
      [504, 'internal_error'],
      [429, 'http_error'],
      [418, 'http_error'],
    ];
    for (const [status, code] of cases) {
      const { engine } = engineWith(() => new Response('', { status }));
      await expect(engine.update('x', { description: 'y' }), `${status}`).rejects.toMatchObject({
        code,
        message: `HTTP ${status}`,
        status,
        serverCode: undefined,
      });
    }
  });

  it('percent-encodes names in URLs', async () => {
    const { engine, calls } = engineWith((call) =>
      call.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : json(200, { name: 'a/b?c#d', description: null, recorded_at: null, interactions_count: null }),
    );
    await engine.update('a/b?c#d', { description: null });
    await engine.remove('a/b?c#d');
    expect(calls.map((c) => c.url)).toEqual([
      'http://127.0.0.1:8889/api/cassettes/a%2Fb%3Fc%23d',
      'http://127.0.0.1:8889/api/cassettes/a%2Fb%3Fc%23d',
    ]);
  });

  it('does not fall back to /cassettes when our server says not_found', async () => {
    const { engine, calls } = engineWith(() =>
      json(404, { error: 'not_found', message: "no cassette 'gone'", status: 404 }),
    );
    await expect(engine.remove('gone')).rejects.toMatchObject({
      code: 'not_found',
      message: "no cassette 'gone'",
    });
    expect(calls).toHaveLength(1);
  });

  it('reads details and interaction lines', async () => {
    // Our server's own spelling: each line comes back exactly as sent.
    const lines = [
      {
        index: 0,
        kind: 'Http',
        method: 'GET',
        url: 'https://x/y',
        status: 200,
        error: null,
        response_time_ms: 42,
      },
      {
        index: 1,
        kind: 'HttpError',
        method: 'GET',
        url: 'https://x/z',
        status: null,
        error: 'Timeout',
        response_time_ms: null,
      },
    ];
    const details = {
      name: 'a',
      description: null,
      recorded_at: null,
      interactions_count: 2,
      version: '1.0',
      cookies_count: 1,
      http_count: 1,
      http_error_count: 1,
      websocket_count: 0,
    };
    const { engine } = engineWith((call) =>
      call.url.endsWith('/interactions') ? json(200, { 'hydra:member': lines }) : json(200, details),
    );
    expect(await engine.details('a')).toEqual(details);
    expect(await engine.interactions('a')).toEqual(lines);
  });

  it('reports an unreachable server as a network error', async () => {
    const { engine } = engineWith(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    });
    await expect(engine.details('a')).rejects.toMatchObject({
      code: 'network',
      message: 'cannot reach http://127.0.0.1:8889: ECONNREFUSED',
    });
  });

  it('stop() aborts calls in flight', async () => {
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const { engine } = engineWith(
      (call) =>
        new Promise<Response>((_resolve, reject) => {
          started();
          // Never answers; only the engine's abort signal ends it, as with undici.
          call.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const removal = engine.remove('a');
    await inFlight;
    await engine.stop();
    await expect(removal).rejects.toMatchObject({ code: 'aborted' });
  });
});
