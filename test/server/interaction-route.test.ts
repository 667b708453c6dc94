import { rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { http } from '../helpers/http.js';
import { TOKENS } from '../helpers/secret-tokens.js';
import { FIXTURES, startServer } from '../helpers/server-harness.js';
import { recordChanges } from '../helpers/store-helpers.js';

const INSPECT = join(dirname(FIXTURES), 'inspect');
const real = (options: Parameters<typeof startServer>[0] = {}) =>
  startServer({ kind: 'real', fixtures: [INSPECT], ...options });
const get = (url: string, path: string, headers?: Record<string, string>) =>
  http(url, 'GET', path, headers ? { headers } : {});
const utf8 = (text: string, content_type: string | null = null) => ({
  size_bytes: Buffer.byteLength(text),
  encoding: 'utf8',
  text,
  truncated: false,
  content_type,
});
const base64 = (bytes: number[], content_type: string | null = null) => ({
  size_bytes: bytes.length,
  encoding: 'base64',
  data: Buffer.from(bytes).toString('base64'),
  truncated: false,
  content_type,
});

describe('GET /api/cassettes/:name/interactions/:index (protocol.md §2.4)', () => {
  it('answers an HTTP interaction whole, its bodies decoded', async () => {
    const { url } = await real();
    const res = await get(url, '/api/cassettes/github-users/interactions/0');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      index: 0,
      kind: 'Http',
      recorded_at: '2025-10-26T10:00:00.123Z',
      response_time_ms: 42,
      request: {
        method: 'GET',
        url: 'https://api.github.com/users/octocat',
        headers: { accept: 'application/json', 'user-agent': 'magneto-test/1.0' },
        body: null,
      },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: utf8('{"login":"octocat","id":1}', 'application/json'),
      },
      secrets: [],
      revealed: false,
    });
  });

  it('answers an HttpError with its request and its error, timeout_ms kept', async () => {
    const { url } = await real();
    expect((await get(url, '/api/cassettes/payments-timeout/interactions/1')).json).toEqual({
      index: 1,
      kind: 'HttpError',
      recorded_at: '2025-11-02T08:30:05Z',
      response_time_ms: null,
      request: { method: 'GET', url: 'https://payments.example.com/v1/slow', headers: {}, body: null },
      error: { error_type: 'Timeout', message: 'request timed out', timeout_ms: 5000 },
      secrets: [],
      revealed: false,
    });
  });

  it('answers a WebSocket with its messages and close frame; binary data as base64, missing fields as null', async () => {
    const { url } = await real();
    const ws = (await get(url, '/api/cassettes/binary-bodies/interactions/1')).json;
    expect(ws).toEqual({
      index: 1,
      kind: 'WebSocket',
      recorded_at: '2025-11-20T09:00:00Z',
      response_time_ms: null,
      url: 'wss://stream.example.com/feed?token=xo…[REDACTED]…Wx',
      messages: [
        { direction: 'Sent', timestamp_ms: 0, msg_type: 'Text', body: utf8('{"subscribe":"prices"}') },
        {
          direction: 'Received',
          timestamp_ms: 15,
          msg_type: 'Binary',
          body: base64([0x00, 0xff, 0x10, 0x80]),
        },
        { direction: 'Sent', timestamp_ms: 30000, msg_type: 'Ping', body: utf8('') },
        { direction: 'Received', timestamp_ms: 30001, msg_type: 'Pong', body: utf8('hi') },
      ],
      close_frame: null,
      secrets: [{ where: 'url', kind: 'slack_token', preview: 'xo…[REDACTED]…Wx' }],
      revealed: false,
    });
    const chat = (await get(url, '/api/cassettes/chat-websocket/interactions/0')).json;
    expect(chat).toMatchObject({ close_frame: { code: 1000, reason: 'bye' }, response_time_ms: 5 });
  });

  it('sends invalid UTF-8 and binary bodies as base64, and an absent body as null', async () => {
    const { url } = await real();
    expect((await get(url, '/api/cassettes/binary-bodies/interactions/0')).json).toMatchObject({
      request: { body: base64([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1], 'application/octet-stream') },
      response: {
        body: base64(
          [
            0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
            0xff, 0xd8,
          ],
          'image/png',
        ),
      },
    });
    expect((await get(url, '/api/cassettes/binary-bodies/interactions/2')).json).toEqual({
      index: 2,
      kind: 'Http',
      recorded_at: '2025-11-20T09:00:00Z',
      response_time_ms: null,
      request: { method: 'GET', url: 'https://api.example.com/health', headers: {}, body: null },
      response: { status: 204, headers: {}, body: null },
      secrets: [],
      revealed: false,
    });
  });

  it('serves a body that claims JSON and is not, and escape and bidi characters, as data in well-formed JSON', async () => {
    const { url } = await real();
    const broken = await get(url, '/api/cassettes/odd-bodies/interactions/0');
    expect(broken.json).toMatchObject({
      request: { body: utf8('{"order": 1, "items": [1, 2,', 'application/json') },
      response: { status: 500, body: utf8('<html>Internal Server Error</html>', 'application/json') },
    });
    const ESC = '\u001b]0;pwned\u0007\u001b[2J\u001b[31m';
    const BIDI = '\u202eevil\u202c\u2066x\u2069';
    const odd = await get(url, '/api/cassettes/odd-bodies/interactions/1');
    expect(odd.status).toBe(200);
    expect(odd.text).not.toMatch(/[\u0000-\u001f]/); // escaped by JSON, never raw
    expect(odd.json).toMatchObject({
      request: {
        url: `https://api.example.com/${ESC}${BIDI}?q=${BIDI}`,
        headers: { [`x-${ESC}`]: `${ESC}${BIDI}`, [BIDI]: 'value\u0000with NUL' },
        body: utf8(`${ESC}${BIDI}\u0000\r\n`),
      },
      response: { body: utf8(`${BIDI}${ESC}`, `text/plain${ESC}`) },
    });
  });

  it('cuts bodies to max_bytes', async () => {
    const { url } = await real();
    const res = await get(url, '/api/cassettes/github-users/interactions/0?max_bytes=9');
    expect(res.json).toMatchObject({
      response: {
        body: { size_bytes: 26, encoding: 'utf8', text: '{"login":', truncated: true },
      },
    });
  });

  it('masks a secret that max_bytes cuts through before cutting, so no prefix of it shows', async () => {
    const { url } = await real();
    const res = await get(url, '/api/cassettes/leaky-auth/interactions/0?max_bytes=40');
    expect(res.json).toMatchObject({
      response: { body: { text: '{"login":"octocat","deploy_token":"gh…', truncated: true } },
    });
  });

  it('refuses a malformed index or query with 400 bad_request, before looking anything up', async () => {
    const { url } = await real();
    for (const index of ['-1', '1e3', '07', '%2B1', '1.5', 'abc', '%20', '0x1']) {
      for (const name of ['github-users', 'nope']) {
        const res = await get(url, `/api/cassettes/${name}/interactions/${index}`);
        expect(res.status, `${name}/${index}`).toBe(400);
        expect(res.json).toEqual({
          error: 'bad_request',
          message: 'interaction index must be 0, 1, 2… (digits only, no sign, no leading zero)',
          status: 400,
        });
      }
    }
    for (const query of ['max_bytes=-1', 'max_bytes=16777217', 'max_bytes=1e3', 'max_bytes=1&max_bytes=2'])
      expect((await get(url, `/api/cassettes/github-users/interactions/0?${query}`)).json, query).toEqual({
        error: 'bad_request',
        message: 'max_bytes must be a whole number from 0 to 16777216',
        status: 400,
      });
    expect((await get(url, '/api/cassettes/github-users/interactions/0?reveal=yes')).json).toMatchObject({
      error: 'bad_request',
      message: 'reveal must be 0 or 1',
    });
    expect((await get(url, '/api/cassettes/..%2Fx/interactions/0')).json).toMatchObject({
      error: 'bad_name',
    });
  });

  it('answers 404 for a missing cassette or an index out of range, however large', async () => {
    const { url } = await real();
    expect((await get(url, '/api/cassettes/nope/interactions/0')).json).toEqual({
      error: 'not_found',
      message: 'cassette "nope" not found',
      status: 404,
    });
    for (const index of ['3', '99999999999999999999', '9007199254740993'])
      expect((await get(url, `/api/cassettes/github-users/interactions/${index}`)).json, index).toEqual({
        error: 'not_found',
        message: `interaction ${index} not found in cassette "github-users" (it has 3)`,
        status: 404,
      });
  });

  it('answers 422 for an unreadable cassette and 405 for other methods', async () => {
    const { url, dir, store } = await real();
    const changes = recordChanges(store);
    await writeFile(join(dir, 'broken.json'), '{"version":"1.0","interactions":[');
    await changes.waitFor((c) => c.name === 'broken', 0, 10_000);
    expect((await get(url, '/api/cassettes/broken/interactions/0')).json).toMatchObject({
      error: 'unreadable',
      status: 422,
    });
    const post = await http(url, 'POST', '/api/cassettes/github-users/interactions/0', { body: {} });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('answers a 20 MiB body with its first 256 KiB, and indexes its secrets within the scan bound', async () => {
    const { url, dir, store } = await real();
    const changes = recordChanges(store);
    const size = 20 * 1024 * 1024;
    const token = TOKENS.github;
    // A token at 1 MiB: inside the index's 2 MiB scan, outside the answer's 256 KiB.
    const at = 1 << 20;
    const body = `${'97,'.repeat(at)}${[...Buffer.from(token)].join(',')},${'97,'.repeat(size - at - token.length - 1)}97`;
    // Written aside and renamed in, so the watcher reads it once, whole.
    await writeFile(
      join(dir, '.huge-body.json'),
      `{"version":"1.0","name":"huge-body","recorded_at":"2025-11-20T09:00:00Z","interactions":[{"type":"Http","request":{"method":"GET","url":"https://x/big","headers":{},"body":null},"response":{"status":200,"headers":{"content-type":"text/plain"},"body":[${body}]},"recorded_at":"2025-11-20T09:00:00Z"}]}`,
    );
    await rename(join(dir, '.huge-body.json'), join(dir, 'huge-body.json'));
    await changes.waitFor((c) => c.name === 'huge-body', 0, 60_000);
    expect((await get(url, '/api/cassettes/huge-body')).json).toMatchObject({
      secrets_count: 1,
      secrets_partial: true,
    });
    const res = await get(url, '/api/cassettes/huge-body/interactions/0');
    expect(res.json).toMatchObject({
      response: {
        body: { size_bytes: size, encoding: 'utf8', text: 'a'.repeat(256 * 1024), truncated: true },
      },
      secrets: [],
    });
  }, 120_000);

  it('answers a body of JSON nested 100 000 levels deep as text, never parsing it', async () => {
    const { url, dir, store } = await real();
    const changes = recordChanges(store);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const doc = {
      version: '1.0',
      name: 'deep',
      recorded_at: '2025-11-20T09:00:00Z',
      interactions: [
        {
          type: 'Http',
          request: {
            method: 'POST',
            url: 'https://x/deep',
            headers: { 'content-type': 'application/json' },
            body: [...Buffer.from(deep)],
          },
          response: { status: 200, headers: {}, body: null },
          recorded_at: '2025-11-20T09:00:00Z',
        },
      ],
    };
    await writeFile(join(dir, 'deep.json'), JSON.stringify(doc));
    await changes.waitFor((c) => c.name === 'deep', 0, 10_000);
    const res = await get(url, '/api/cassettes/deep/interactions/0');
    expect(res.status).toBe(200);
    expect((res.json as { request: { body: unknown } }).request.body).toEqual(utf8(deep, 'application/json'));
  });
});

describe('secrets in answers (protocol.md §2.5)', () => {
  it('lists the secrets of an interaction and masks their values everywhere', async () => {
    const { url } = await real();
    const res = await get(url, '/api/cassettes/leaky-auth/interactions/0');
    expect(res.status).toBe(200);
    for (const token of [TOKENS.jwt, TOKENS.github, 'sess-7f3a9c0d1e2b4a5c'])
      expect(res.text).not.toContain(token.slice(2, -2));
    expect(res.json).toMatchObject({
      request: {
        url: 'https://api.example.com/v1/me?access_token=ey…[REDACTED]…5c&page=1',
        headers: { authorization: 'Bearer ey…[REDACTED]…5c', accept: 'application/json' },
      },
      response: {
        headers: { 'set-cookie': 'session=se…[REDACTED]…5c; Path=/; HttpOnly' },
        body: {
          text: '{"login":"octocat","deploy_token":"gh…[REDACTED]…45","note":"token gh…[REDACTED]…45 rotates monthly"}',
        },
      },
      secrets: [
        { where: 'request.url', kind: 'jwt', preview: 'ey…[REDACTED]…5c' },
        { where: 'request.headers.authorization', kind: 'jwt', preview: 'ey…[REDACTED]…5c' },
        { where: 'response.headers.set-cookie', kind: 'set_cookie_header', preview: 'se…[REDACTED]…5c' },
        { where: 'response.body', kind: 'github_token', preview: 'gh…[REDACTED]…45' },
        { where: 'response.body', kind: 'github_token', preview: 'gh…[REDACTED]…45' },
      ],
      revealed: false,
    });
    expect((await get(url, '/api/cassettes/leaky-auth/interactions/1')).json).toMatchObject({
      request: { headers: { 'x-amz-security-token': 'Fw…[REDACTED]…89' } },
      error: { error_type: 'Other', message: 'signature mismatch for AK…[REDACTED]…LE' },
      secrets: [
        {
          where: 'request.headers.x-amz-security-token',
          kind: 'api_key_header',
          preview: 'Fw…[REDACTED]…89',
        },
        { where: 'error.message', kind: 'aws_access_key', preview: 'AK…[REDACTED]…LE' },
      ],
    });
    const pem = (await get(url, '/api/cassettes/pem-key/interactions/0')).json as { secrets: unknown[] };
    expect(pem.secrets).toEqual([
      { where: 'response.body', kind: 'private_key', preview: '--…[REDACTED]…--' },
    ]);
  });

  it('masks the secrets in the URLs and errors of the interaction list too', async () => {
    const { url } = await real();
    const list = (await get(url, '/api/cassettes/leaky-auth/interactions')).json as {
      'hydra:member': unknown[];
    };
    expect(list['hydra:member']).toEqual([
      {
        index: 0,
        kind: 'Http',
        method: 'GET',
        url: 'https://api.example.com/v1/me?access_token=ey…[REDACTED]…5c&page=1',
        status: 200,
        error: null,
        response_time_ms: 38,
        secrets_count: 5,
      },
      {
        index: 1,
        kind: 'HttpError',
        method: 'PUT',
        url: 'https://s3.example.com/bucket/key',
        status: null,
        error: 'Other: signature mismatch for AK…[REDACTED]…LE',
        response_time_ms: null,
        secrets_count: 2,
      },
    ]);
  });

  it('gives each line of the interaction list the count of secrets its answer lists, and WebSocket lines their close code', async () => {
    const { url } = await real();
    let flagged = 0;
    for (const name of ['leaky-auth', 'pem-key', 'session-cookies', 'github-users', 'chat-websocket']) {
      const lines = (
        (await get(url, `/api/cassettes/${name}/interactions`)).json as {
          'hydra:member': Array<{ index: number; secrets_count: number; kind: string; close_code?: unknown }>;
        }
      )['hydra:member'];
      for (const line of lines) {
        const answer = (await get(url, `/api/cassettes/${name}/interactions/${line.index}`)).json as {
          secrets: unknown[];
          close_frame?: { code: number } | null;
        };
        expect(line.secrets_count, `${name} #${line.index}`).toBe(answer.secrets.length);
        if (line.kind === 'WebSocket') expect(line.close_code).toBe(answer.close_frame?.code ?? null);
        if (line.secrets_count > 0) flagged++;
      }
    }
    expect(flagged).toBeGreaterThanOrEqual(3);
  });

  it('counts the secrets of every cassette in the listing, cookies included', async () => {
    const { url } = await real();
    const members = (
      (await get(url, '/api/cassettes')).json as { 'hydra:member': Record<string, unknown>[] }
    )['hydra:member'];
    const counts = Object.fromEntries(members.map((m) => [m.name, m.secrets_count]));
    expect(counts).toMatchObject({
      'leaky-auth': 8,
      'pem-key': 1,
      'binary-bodies': 1,
      'odd-bodies': 0,
      'github-users': 0,
      'session-cookies': 2,
    });
    expect(members.some((m) => 'secrets_partial' in m)).toBe(false);
  });

  it('reveals values on a loopback server when asked', async () => {
    const { url } = await real();
    const res = await get(url, '/api/cassettes/leaky-auth/interactions/0?reveal=1');
    expect(res.json).toMatchObject({
      request: { headers: { authorization: `Bearer ${TOKENS.jwt}` } },
      secrets: [{ where: 'request.url', kind: 'jwt', preview: 'ey…[REDACTED]…5c' }, {}, {}, {}, {}],
      revealed: true,
    });
  });

  it('refuses reveal=1 with 403 on a non-loopback bind without a token, and honours it with one', async () => {
    const open = await real({ host: '0.0.0.0', noAuth: true });
    const path = '/api/cassettes/leaky-auth/interactions/0';
    expect((await get(open.url, `${path}?reveal=1`)).json).toEqual({
      error: 'forbidden',
      message:
        'reveal=1 is refused: secrets are only revealed by a server bound to loopback or started with --token',
      status: 403,
    });
    expect((await get(open.url, path)).status).toBe(200);
    const guarded = await real({ host: '0.0.0.0', token: 't0ken' });
    expect((await get(guarded.url, `${path}?reveal=1`)).status).toBe(401);
    const revealed = await get(guarded.url, `${path}?reveal=1`, { authorization: 'Bearer t0ken' });
    expect(revealed.json).toMatchObject({ revealed: true });
  });
});
