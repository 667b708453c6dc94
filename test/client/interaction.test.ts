import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createSync, type SyncEngine, type SyncOptions } from '../../src/client/index.js';
import { failedEngine } from '../../src/client/failed-engine.js';
import { createMagnetoServer } from '../../src/server/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import {
  startFakeUpstream,
  upstreamCassette,
  type FakeUpstreamOptions,
  type UpstreamCassette,
} from '../helpers/fake-upstream.js';
import { TOKENS } from '../helpers/secret-tokens.js';
import { kindOf, until } from '../helpers/watch-engine.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function engineFor(url: string, options: Partial<SyncOptions> = {}): SyncEngine {
  const engine = createSync({ url, clock: new FakeClock(), random: () => 1, ...options });
  cleanups.push(() => engine.stop());
  return engine;
}

/** Our server over the fixtures and the inspector fixtures. */
async function ours(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-inspect-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const sub of ['cassettes', 'inspect']) await cp(join(FIXTURES, sub), dir, { recursive: true });
  const server = createMagnetoServer({ dir, port: 0, heartbeatMs: 60_000 });
  const { url } = await server.listen();
  cleanups.push(() => server.close());
  return url;
}

/** The fake upstream serving the fixture files, and an engine polling it. */
async function upstream(options: FakeUpstreamOptions = {}, extra: UpstreamCassette[] = []) {
  const cassettes: UpstreamCassette[] = [...extra];
  for (const sub of ['cassettes', 'inspect']) {
    const dir = join(FIXTURES, sub);
    for (const f of await readdir(dir)) cassettes.push(await upstreamCassette(join(dir, f)));
  }
  const fake = await startFakeUpstream({ cassettes, ...options });
  cleanups.push(() => fake.close());
  const engine = engineFor(fake.url);
  engine.start();
  await until(engine, () => kindOf(engine) === 'polling');
  return { fake, engine };
}

describe('engine.interaction against magneto-watch (protocol.md §2.4)', () => {
  it('returns the server’s answer as it is, asking for max_bytes and reveal', async () => {
    const url = await ours();
    const engine = engineFor(url);
    const direct = await (await fetch(`${url}/api/cassettes/leaky-auth/interactions/0`)).json();
    expect(await engine.interaction('leaky-auth', 0)).toEqual(direct);
    const asked = await engine.interaction('leaky-auth', 0, { maxBytes: 10, reveal: true });
    expect(asked).toMatchObject({
      request: { headers: { authorization: `Bearer ${TOKENS.jwt}` } },
      response: { body: { text: '{"login":"', truncated: true } },
      revealed: true,
    });
  });

  it('rejects with the server’s error', async () => {
    const engine = engineFor(await ours());
    await expect(engine.interaction('github-users', 3)).rejects.toMatchObject({
      name: 'MagnetoError',
      code: 'not_found',
      status: 404,
      message: 'interaction 3 not found in cassette "github-users" (it has 3)',
    });
    await expect(engine.interaction('nope', 0)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses an index or max_bytes that cannot be asked for, without a request', async () => {
    const requests: string[] = [];
    const engine = engineFor('http://127.0.0.1:9', {
      fetch: (async (u: string) => {
        requests.push(u);
        throw new Error('no request expected');
      }) as unknown as SyncOptions['fetch'],
    });
    for (const index of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])
      await expect(engine.interaction('a', index), String(index)).rejects.toMatchObject({
        code: 'bad_request',
        message: 'interaction index must be 0, 1, 2… (digits only, no sign, no leading zero)',
      });
    for (const maxBytes of [-1, 0.5, 16 * 1024 * 1024 + 1])
      await expect(engine.interaction('a', 0, { maxBytes }), String(maxBytes)).rejects.toMatchObject({
        code: 'bad_request',
        message: 'max_bytes must be a whole number from 0 to 16777216',
      });
    expect(requests).toEqual([]);
  });

  it('rejects with bad_url on an engine made from a bad URL', async () => {
    await expect(failedEngine('"x" is not a URL').interaction('a', 0)).rejects.toMatchObject({
      code: 'bad_url',
    });
  });
});

describe('engine.interaction against upstream magneto-serge v0.7 (protocol.md §4.5)', () => {
  it('reads an HTTP interaction into our shape: sizes in bytes, no times upstream does not give', async () => {
    const { engine, fake } = await upstream();
    expect(await engine.interaction('github-users', 2)).toEqual({
      index: 2,
      kind: 'Http',
      recorded_at: null,
      response_time_ms: null,
      request: {
        method: 'POST',
        url: 'https://api.github.com/user/repos',
        headers: { accept: 'application/json', 'user-agent': 'magneto-test/1.0' },
        body: {
          size_bytes: 16,
          encoding: 'utf8',
          text: '{"name":"hello"}',
          truncated: false,
          content_type: null,
        },
      },
      response: {
        status: 201,
        headers: { 'content-type': 'application/json' },
        body: {
          size_bytes: 9,
          encoding: 'utf8',
          text: '{"id":99}',
          truncated: false,
          content_type: 'application/json',
        },
      },
      secrets: [],
      revealed: false,
    });
    // Upstream is asked its own way: no query it does not know.
    expect(fake.requests.at(-1)).toBe('GET /api/cassettes/github-users/interactions/2');
  });

  it('reads the synthetic 500 of an HttpError back into the HttpError it was', async () => {
    const odd = {
      version: '1.0',
      name: 'odd-error',
      recorded_at: '2025-11-20T09:00:00Z',
      interactions: [
        {
          type: 'HttpError',
          request: { method: 'GET', url: 'https://x/', headers: {}, body: null },
          error: {
            error_type: 'TooManyRedirects',
            message: 'loop: "a" → \\b\n\u001b[31m',
            redirect_count: 10,
          },
          recorded_at: '2025-11-20T09:00:00Z',
        },
      ],
    };
    const extra = { name: 'odd-error', recordedAt: odd.recorded_at, interactionCount: 1, doc: odd };
    const { engine } = await upstream({}, [extra]);
    expect(await engine.interaction('payments-timeout', 1)).toEqual({
      index: 1,
      kind: 'HttpError',
      recorded_at: null,
      response_time_ms: null,
      request: { method: 'GET', url: 'https://payments.example.com/v1/slow', headers: {}, body: null },
      error: { error_type: 'Timeout', message: 'request timed out', timeout_ms: 5000 },
      secrets: [],
      revealed: false,
    });
    expect(await engine.interaction('odd-error', 0)).toMatchObject({
      kind: 'HttpError',
      error: { error_type: 'TooManyRedirects', message: 'loop: "a" → \\b\n\u001b[31m', redirect_count: 10 },
    });
    // A real 500 with a body of its own stays a response.
    expect(await engine.interaction('odd-bodies', 0)).toMatchObject({
      kind: 'Http',
      response: { status: 500 },
    });
  });

  it('reads WebSocket messages: text as text, binary data as a size without bytes', async () => {
    const { engine } = await upstream();
    expect(await engine.interaction('chat-websocket', 0)).toEqual({
      index: 0,
      kind: 'WebSocket',
      recorded_at: null,
      response_time_ms: null,
      url: 'wss://chat.example.com/socket',
      messages: [
        {
          direction: 'Sent',
          timestamp_ms: 0,
          msg_type: 'Text',
          body: {
            size_bytes: 17,
            encoding: 'utf8',
            text: '{"join":"room-1"}',
            truncated: false,
            content_type: null,
          },
        },
        {
          direction: 'Received',
          timestamp_ms: 12,
          msg_type: 'Text',
          body: {
            size_bytes: 15,
            encoding: 'utf8',
            text: '{"joined":true}',
            truncated: false,
            content_type: null,
          },
        },
        {
          direction: 'Received',
          timestamp_ms: 40,
          msg_type: 'Binary',
          body: { size_bytes: 4, encoding: 'base64', data: '', truncated: true, content_type: null },
        },
        {
          direction: 'Sent',
          timestamp_ms: 30000,
          msg_type: 'Ping',
          body: { size_bytes: 0, encoding: 'base64', data: '', truncated: false, content_type: null },
        },
      ],
      close_frame: null,
      secrets: [],
      revealed: false,
    });
  });

  it('finds and masks secrets itself, with the same rules as our server, unless asked to reveal', async () => {
    const { engine } = await upstream();
    const masked = await engine.interaction('leaky-auth', 0);
    expect(JSON.stringify(masked)).not.toContain(TOKENS.jwt.slice(2, -2));
    expect(masked).toMatchObject({
      request: { headers: { authorization: 'Bearer ey…[REDACTED]…5c' } },
      secrets: [
        { where: 'request.url', kind: 'jwt', preview: 'ey…[REDACTED]…5c' },
        { where: 'request.headers.authorization', kind: 'jwt', preview: 'ey…[REDACTED]…5c' },
        { where: 'response.headers.set-cookie', kind: 'set_cookie_header', preview: 'se…[REDACTED]…5c' },
        { where: 'response.body', kind: 'github_token', preview: 'gh…[REDACTED]…45' },
        { where: 'response.body', kind: 'github_token', preview: 'gh…[REDACTED]…45' },
      ],
      revealed: false,
    });
    expect(await engine.interaction('leaky-auth', 0, { reveal: true })).toMatchObject({
      request: { headers: { authorization: `Bearer ${TOKENS.jwt}` } },
      revealed: true,
    });
  });

  it('masks the secrets of upstream’s interaction list', async () => {
    const { engine } = await upstream();
    expect((await engine.interactions('leaky-auth')).map((l) => [l.url, l.status])).toEqual([
      ['https://api.example.com/v1/me?access_token=ey…[REDACTED]…5c&page=1', 200],
      ['https://s3.example.com/bucket/key', 500],
    ]);
  });

  it('reads a body upstream omits (null or not UTF-8) as null, and cuts text to maxBytes', async () => {
    const { engine } = await upstream();
    expect(await engine.interaction('binary-bodies', 0)).toMatchObject({
      request: { body: null },
      response: { status: 201, body: null },
    });
    expect(await engine.interaction('github-users', 0, { maxBytes: 9 })).toMatchObject({
      response: { body: { size_bytes: 26, text: '{"login":', truncated: true } },
    });
  });

  it('rejects with upstream’s 404 sentence, and says a REST-only server cannot show interactions', async () => {
    const { engine } = await upstream();
    await expect(engine.interaction('github-users', 99)).rejects.toMatchObject({
      code: 'not_found',
      message: "Interaction 99 not found in cassette 'github-users'",
    });
    await expect(engine.interaction('nope', 0)).rejects.toMatchObject({
      code: 'not_found',
      message: "Cassette 'nope' not found",
    });
    const rest = await upstream({ noApi: true });
    await expect(rest.engine.interaction('github-users', 0)).rejects.toMatchObject({
      code: 'unsupported',
      message: 'this server cannot show interactions',
    });
  });
});

describe('details from upstream: per-kind counts from its stats, or unknown', () => {
  it('reads the counts of GET /cassettes/:name/stats for the Hydra API', async () => {
    const { engine, fake } = await upstream();
    expect(await engine.details('payments-timeout')).toMatchObject({
      name: 'payments-timeout',
      version: '1.0',
      interactions_count: 2,
      http_count: 1,
      http_error_count: 1,
      websocket_count: 0,
      cookies_count: null,
    });
    expect(fake.requests.slice(-2)).toEqual([
      'GET /api/cassettes/payments-timeout',
      'GET /cassettes/payments-timeout/stats',
    ]);
  });

  it('reports the counts as unknown (null) when upstream cannot say, never as 0', async () => {
    const { engine } = await upstream({ failStats: true });
    expect(await engine.details('github-users')).toMatchObject({
      interactions_count: 3,
      http_count: null,
      http_error_count: null,
      websocket_count: null,
    });
  });

  it('takes our server’s own counts without asking for stats', async () => {
    const url = await ours();
    const requests: string[] = [];
    const engine = engineFor(url, {
      fetch: ((u: string, init: RequestInit) => {
        requests.push(new URL(u).pathname);
        return fetch(u, init as never);
      }) as unknown as SyncOptions['fetch'],
    });
    expect(await engine.details('leaky-auth')).toMatchObject({
      http_count: 1,
      http_error_count: 1,
      websocket_count: 0,
      cookies_count: 1,
      secrets_count: 8,
    });
    expect(requests).toEqual(['/api/cassettes/leaky-auth']);
  });
});

describe('interaction lines: secrets per interaction, from our index or counted by the client on upstream', () => {
  it('counts upstream’s secrets from what it sent, as the interaction answers list them, and masks the URLs', async () => {
    const { engine } = await upstream();
    const lines = await engine.interactions('leaky-auth');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const whole = await engine.interaction('leaky-auth', line.index);
      expect(line.secrets_count, `#${line.index}`).toBe(whole.secrets.length);
    }
    expect(lines.some((l) => (l.secrets_count ?? 0) > 0)).toBe(true);
    expect(lines[0]?.url).not.toContain(TOKENS.jwt);
  });

  it('gives the same counts from our server and from upstream for the same files', async () => {
    const url = await ours();
    const mine = engineFor(url);
    const { engine } = await upstream();
    for (const name of ['leaky-auth', 'github-users', 'pem-key']) {
      const counts = async (e: SyncEngine) => (await e.interactions(name)).map((l) => l.secrets_count);
      expect(await counts(engine), name).toEqual(await counts(mine));
    }
  });
});
