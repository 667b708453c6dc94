import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answerAllowance,
  decodeText,
  findCookieSecrets,
  findSecrets,
  inspectInteraction,
  maskSecret,
  type DecodedBody,
  type InteractionOf,
} from '../../src/protocol/index.js';
import { TOKENS } from '../helpers/secret-tokens.js';

function text(value: string, type: string | null = null): DecodedBody {
  return decodeText(value, type, answerAllowance(1 << 20));
}

function http(
  over: {
    url?: string;
    reqHeaders?: Record<string, string>;
    reqBody?: string;
    resHeaders?: Record<string, string>;
    resBody?: string;
  } = {},
): InteractionOf<DecodedBody> {
  return {
    index: 0,
    kind: 'Http',
    recorded_at: '2025-10-26T10:00:00Z',
    response_time_ms: 5,
    request: {
      method: 'POST',
      url: over.url ?? 'https://api.example.com/v1/items',
      headers: over.reqHeaders ?? { accept: 'application/json' },
      body: over.reqBody === undefined ? null : text(over.reqBody),
    },
    response: {
      status: 200,
      headers: over.resHeaders ?? { 'content-type': 'application/json' },
      body: over.resBody === undefined ? null : text(over.resBody),
    },
  };
}

/** Findings as `where kind preview` lines. */
function found(i: InteractionOf<DecodedBody>): string[] {
  return findSecrets(i).map((s) => `${s.where} ${s.kind} ${maskSecret(s.value)}`);
}

describe('secrets, found by where they sit (protocol.md §2.5)', () => {
  it('flags the credentials of Authorization, Proxy-Authorization, Cookie, Set-Cookie and API-key headers', () => {
    const i = http({
      reqHeaders: {
        Authorization: 'Basic dXNlcjpwYXNzd29yZDEyMw==',
        'proxy-authorization': 'Bearer opaque-token-0123456789',
        cookie: 'sid=abc123; theme=dark',
        'x-api-key': 'k-7d9f0a1b2c3d4e5f',
        'X-Auth-Token': 'short',
        'user-agent': 'magneto-test/1.0',
      },
      resHeaders: { 'set-cookie': 'session=s3cr3t-value-0123456789; Path=/; HttpOnly' },
    });
    expect(found(i)).toEqual([
      'request.headers.Authorization authorization_header dX…[REDACTED]…==',
      'request.headers.proxy-authorization authorization_header op…[REDACTED]…89',
      'request.headers.cookie cookie_header si…[REDACTED]…rk',
      'request.headers.x-api-key api_key_header k-…[REDACTED]…5f',
      'request.headers.X-Auth-Token api_key_header [REDACTED]',
      'response.headers.set-cookie set_cookie_header s3…[REDACTED]…89',
    ]);
  });

  it('flags credential parameters and passwords in URLs', () => {
    const at = (url: string) => found(http({ url }));
    expect(at('https://api.example.com/v1/me?access_token=tok_0123456789abcdef&page=2')).toEqual([
      'request.url url_credential to…[REDACTED]…ef',
    ]);
    expect(at('https://maps.example.com/api?key=AIzaSyA-123&sig=abc')).toEqual([
      'request.url url_credential [REDACTED]',
      'request.url url_credential [REDACTED]',
    ]);
    expect(
      at('https://b.s3.amazonaws.com/o?X-Amz-Credential=AK%2F20251026&X-Amz-Signature=deadbeef'),
    ).toEqual(['request.url url_credential [REDACTED]', 'request.url url_credential [REDACTED]']);
    expect(at('https://deploy:hunter2@git.example.com/repo.git')).toEqual([
      'request.url url_userinfo [REDACTED]',
    ]);
    expect(at(`https://${TOKENS.github}@github.com/o/r.git`)).toEqual([
      'request.url github_token gh…[REDACTED]…45',
    ]);
  });

  it('flags credential fields of JSON and form bodies', () => {
    const i = http({
      reqBody: 'grant_type=password&username=ada&password=correct-horse&client_secret=cs_0123456789abcdef',
      resBody: '{"access_token": "at-0123456789abcdef", "token_type":"bearer", "refresh_token":"rt\\"x"}',
    });
    expect(found(i)).toEqual([
      'request.body credential_field [REDACTED]',
      'request.body credential_field cs…[REDACTED]…ef',
      'response.body credential_field at…[REDACTED]…ef',
      'response.body credential_field [REDACTED]',
    ]);
  });

  it('recognises well-known token formats in any string', () => {
    for (const [name, token] of Object.entries(TOKENS)) {
      const kind = {
        github: 'github_token',
        githubPat: 'github_token',
        aws: 'aws_access_key',
        slack: 'slack_token',
        stripe: 'stripe_live_key',
        jwt: 'jwt',
        pem: 'private_key',
      }[name];
      const i = http({
        url: `https://example.com/hook/${encodeURIComponent(token)}`,
        reqHeaders: { 'x-note': `see ${token} here` },
        resBody: `{"data":${JSON.stringify(token)}}`,
      });
      expect(
        findSecrets(i).map((s) => [s.where, s.kind]),
        name,
      ).toEqual([
        ...(name === 'pem' ? [] : [['request.url', kind]]),
        ['request.headers.x-note', kind],
        ['response.body', kind],
      ]);
    }
  });

  it('finds secrets in WebSocket messages, error messages and close reasons', () => {
    const ws: InteractionOf<DecodedBody> = {
      index: 3,
      kind: 'WebSocket',
      recorded_at: null,
      response_time_ms: null,
      url: `wss://chat.example.com/socket?token=${TOKENS.slack}`,
      messages: [
        { direction: 'Sent', timestamp_ms: 0, msg_type: 'Text', body: text('{"join":"room"}') },
        { direction: 'Sent', timestamp_ms: 1, msg_type: 'Text', body: text(`{"auth":"${TOKENS.jwt}"}`) },
      ],
      close_frame: { code: 4001, reason: `bad key ${TOKENS.stripe}` },
    };
    expect(findSecrets(ws).map((s) => `${s.where} ${s.kind}`)).toEqual([
      'url slack_token',
      'messages.1.body jwt',
      'close_frame.reason stripe_live_key',
    ]);
    const error: InteractionOf<DecodedBody> = {
      index: 0,
      kind: 'HttpError',
      recorded_at: null,
      response_time_ms: null,
      request: { method: 'GET', url: 'https://x.example/', headers: {}, body: null },
      error: { error_type: 'Other', message: `redirect to https://x.example/?access_token=${TOKENS.github}` },
    };
    expect(findSecrets(error).map((s) => `${s.where} ${s.kind}`)).toEqual(['error.message github_token']);
  });

  it('counts one secret once: a JWT in an Authorization header is one `jwt`', () => {
    expect(found(http({ reqHeaders: { authorization: `Bearer ${TOKENS.jwt}` } }))).toEqual([
      'request.headers.authorization jwt ey…[REDACTED]…5c',
    ]);
  });

  it('leaves ordinary traffic alone', () => {
    const i = http({
      url: 'https://api.github.com/users/octocat/repos?page=2&per_page=100&sort=updated&monkey=1',
      reqHeaders: {
        accept: 'application/json',
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
        'x-request-id': 'req-6f1c2a9e-8b7d-4c3e-9a1f-0e2d3c4b5a69',
        'content-type': 'application/x-www-form-urlencoded',
        etag: 'W/"a3f5c1e9b7d2"',
        'www-authenticate': 'Bearer realm="api"',
      },
      reqBody: 'q=keyboard&monkey=banana&lang=en',
      resBody:
        '{"login":"octocat","id":1,"node_id":"MDQ6VXNlcjE=","keyboard":"qwerty","tokens_used":12,"sha":"e83c5163316f89bfbde7d9ab23ca2e25604af290","created_at":"2011-01-25T18:44:36Z"}',
    });
    expect(found(i)).toEqual([]);
  });

  it('counts every non-empty value of the cassette cookies array, named by the format it holds', () => {
    expect(
      findCookieSecrets([
        { name: 'sid', value: 'abc123' },
        { name: 'empty', value: '' },
        { name: 'jwt', value: TOKENS.jwt },
        'not a cookie',
      ]).map((s) => `${s.where} ${s.kind}`),
    ).toEqual(['cookies.0.value cookie', 'cookies.2.value jwt']);
    expect(findCookieSecrets(undefined)).toEqual([]);
  });

  it('scans megabytes of hostile repetitions in one pass, never exhausting the regexp stack', () => {
    const mb = 4 * 1024 * 1024;
    for (const unit of [
      'eyJ',
      'eyJ-',
      'xoxb-',
      'ghp_',
      'AKIA',
      '-----BEGIN PRIVATE KEY-----',
      '&token=a',
      '"password":"',
    ]) {
      const value = unit.repeat(Math.ceil(mb / unit.length));
      expect(() => findSecrets(http({ resBody: value, url: value })), unit).not.toThrow();
    }
    const long = `?token=${'a'.repeat(mb)}`;
    expect(findSecrets(http({ resBody: long })).map((s) => s.value.length)).toEqual([4096]);
  });
});

describe('previews and masks', () => {
  it('show at most the first and last two characters of a secret, and none of a short one', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (secret) => {
        const masked = maskSecret(secret);
        if (secret.length < 16) expect(masked).toBe('[REDACTED]');
        else expect(masked).toBe(`${secret.slice(0, 2)}…[REDACTED]…${secret.slice(-2)}`);
      }),
    );
    expect(maskSecret(`😀${'x'.repeat(20)}😀`)).toBe('😀…[REDACTED]…😀');
  });

  it('mask every secret wherever it appears, echoes included, unless revealed', () => {
    const token = TOKENS.github;
    const decoded = () =>
      http({
        url: `https://api.example.com/hook?access_token=${token}`,
        reqHeaders: { authorization: `token ${token}`, accept: 'application/json' },
        resBody: `{"echo":"you sent ${token}","note":"ok"}`,
      });
    const masked = inspectInteraction(decoded(), { maxBytes: 1000, reveal: false });
    expect(JSON.stringify(masked)).not.toContain(token.slice(2, -2));
    expect(masked).toMatchObject({
      request: {
        url: 'https://api.example.com/hook?access_token=gh…[REDACTED]…45',
        headers: { authorization: 'token gh…[REDACTED]…45', accept: 'application/json' },
      },
      response: { body: { text: '{"echo":"you sent gh…[REDACTED]…45","note":"ok"}', size_bytes: 72 } },
      revealed: false,
    });
    const revealed = inspectInteraction(decoded(), { maxBytes: 1000, reveal: true });
    expect(revealed).toMatchObject({
      request: { url: `https://api.example.com/hook?access_token=${token}` },
      response: { body: { text: `{"echo":"you sent ${token}","note":"ok"}` } },
      revealed: true,
    });
    expect(revealed.secrets).toEqual(masked.secrets);
    expect(masked.secrets).toEqual([
      { where: 'request.url', kind: 'github_token', preview: 'gh…[REDACTED]…45' },
      { where: 'request.headers.authorization', kind: 'github_token', preview: 'gh…[REDACTED]…45' },
      { where: 'response.body', kind: 'github_token', preview: 'gh…[REDACTED]…45' },
    ]);
  });

  it('mask a secret of no known format where it is echoed, too', () => {
    const opaque = 'opaque-session-0123456789';
    const answer = inspectInteraction(
      http({
        reqHeaders: { authorization: `Bearer ${opaque}` },
        resBody: `{"you_sent":"Bearer ${opaque}","short":"abc"}`,
      }),
      { maxBytes: 1000, reveal: false },
    );
    expect(answer).toMatchObject({
      request: { headers: { authorization: 'Bearer op…[REDACTED]…89' } },
      response: { body: { text: '{"you_sent":"Bearer op…[REDACTED]…89","short":"abc"}' } },
      secrets: [{ where: 'request.headers.authorization', kind: 'authorization_header' }],
    });
  });

  it('never show the start of a secret that max_bytes cuts through', () => {
    const body = `${'x'.repeat(90)}${TOKENS.stripe} tail`;
    const answer = inspectInteraction(http({ resBody: body }), { maxBytes: 100, reveal: false });
    expect(answer.kind === 'Http' && answer.response.body).toEqual({
      size_bytes: body.length,
      encoding: 'utf8',
      text: `${'x'.repeat(90)}sk…[REDA`,
      truncated: true,
      content_type: null,
    });
    expect(answer.secrets).toEqual([
      { where: 'response.body', kind: 'stripe_live_key', preview: 'sk…[REDACTED]…dc' },
    ]);
  });
});
