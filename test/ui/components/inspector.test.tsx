import { describe, expect, it } from 'vitest';
import { MagnetoError, type Interaction, type InteractionSummary } from '../../../src/protocol/index.js';
import { displayWidth } from '../../../src/ui/render/format.js';
import { cachedDoc } from '../../../src/ui/render/inspector-doc.js';
import { createTheme } from '../../../src/ui/render/theme.js';
import { FakeEngine, summary } from '../../helpers/fake-engine.js';
import { frame } from '../../helpers/frame.js';
import { binaryBody, httpAnswer, textBody } from '../../helpers/interaction-answers.js';
import { keys, mountOnFakeTime } from '../../helpers/mount.js';

const T0 = Date.parse('2025-10-27T10:05:00Z');
const S80 = { width: 79, height: 23 };
const S120 = { width: 119, height: 29 };

const mount = mountOnFakeTime(T0);
let ui: ReturnType<typeof mount> | undefined;

const listed = (index: number, url: string): InteractionSummary => ({
  index,
  kind: 'Http',
  method: 'GET',
  url,
  status: 200,
  error: null,
  response_time_ms: 42,
});

/** The UI at `columns`×`rows` with the details of `users-api` open, interactions 3 and 4 listed. */
async function detailsOpen(columns: number, rows: number): Promise<ReturnType<typeof mount>> {
  const u = mount(new FakeEngine([summary('users-api', { interactions_count: 2 })]), { columns, rows });
  await u.press(keys.enter);
  u.engine.detailCalls[0]?.result.resolve({
    ...summary('users-api', { interactions_count: 2 }),
    version: '1.0',
    cookies_count: 0,
    http_count: 2,
    http_error_count: 0,
    websocket_count: 0,
  });
  u.engine.interactionCalls[0]?.result.resolve([
    listed(3, 'https://api.example.com/v1/users/1'),
    listed(4, 'https://api.example.com/v1/users/2'),
  ]);
  await u.settle();
  return u;
}

/** Opens the selected interaction and answers it with `answer`. */
async function inspect(u: ReturnType<typeof mount>, answer: Interaction): Promise<void> {
  await u.press(keys.enter);
  u.engine.interactionDetailCalls.at(-1)?.result.resolve(answer);
  await u.settle();
}

/** An answer with a URL and a body line longer than 120 columns. */
function wideAnswer(): Interaction {
  const long = Array.from({ length: 30 }, (_, i) => `segment${i}`).join('/');
  return httpAnswer({
    request: {
      method: 'POST',
      url: `https://api.example.com/${long}?access_token=ac…[REDACTED]…9f`,
      headers: { 'content-type': 'application/json' },
      body: textBody(JSON.stringify({ query: `${'q'.repeat(150)}END`, token: 'ac…[REDACTED]…9f' }), {
        content_type: 'application/json',
      }),
    },
    secrets: [
      { where: 'request.url', kind: 'url_credential', preview: 'ac…[REDACTED]…9f' },
      { where: 'request.body', kind: 'credential_field', preview: 'ac…[REDACTED]…9f' },
    ],
  } as Partial<Extract<Interaction, { kind: 'Http' }>>);
}

describe('inspector', () => {
  it('opens the selected interaction with Enter: loading, then the request; Tab shows the response with its JSON pretty-printed; Esc goes back (80×24)', async () => {
    ui = await detailsOpen(80, 24);
    // The details view is live-details' own (its tests draw it); here it is what Esc returns to.
    const details = ui.lines();
    await ui.press(keys.enter);
    expect(ui.engine.interactionDetailCalls.map((c) => c.args)).toEqual([
      { name: 'users-api', index: 3, options: undefined },
    ]);
    expect(ui.lines()).toEqual(
      frame(
        S80,
        `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes   1 cassette |
          | users-api  #3  loading…                                                       |
          ⋮
          | esc/q back                                                                    |
          `,
      ),
    );
    ui.engine.interactionDetailCalls[0]?.result.resolve(httpAnswer());
    await ui.settle();
    expect(ui.lines()).toEqual(
      frame(
        S80,
        `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes   1 cassette |
          | users-api  #3  Http                                                           |
          | GET https://api.example.com/v1/users/1                                        |
          | 200  ·  42 ms  ·  recorded 2025-10-26T10:00:00.123Z                           |
          | ⚠ 1 secret: jwt at request.headers.authorization                              |
          | [Request]  Response                                                     1–7/7 |
          | GET https://api.example.com/v1/users/1                                        |
          |                                                                               |
          | Headers (2)                                                                   |
          | authorization  Bearer ey…[REDACTED]…5c                                        |
          | accept         application/json                                               |
          |                                                                               |
          | Body  none                                                                    |
          ⋮
          | j/k scroll  ←/→ sideways  tab request/response  ? help  esc/q back            |
          `,
      ),
    );
    await ui.press(keys.tab);
    expect(ui.lines()).toEqual(
      frame(
        S80,
        `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes   1 cassette |
          | users-api  #3  Http                                                           |
          | GET https://api.example.com/v1/users/1                                        |
          | 200  ·  42 ms  ·  recorded 2025-10-26T10:00:00.123Z                           |
          | ⚠ 1 secret: jwt at request.headers.authorization                              |
          |  Request  [Response]                                                  1–15/15 |
          | HTTP 200                                                                      |
          |                                                                               |
          | Headers (1)                                                                   |
          | content-type  application/json                                                |
          |                                                                               |
          | Body  application/json · 57 B                                                 |
          | {                                                                             |
          |   "login": "octocat",                                                         |
          |   "id": 1,                                                                    |
          |   "admin": false,                                                             |
          |   "tags": [                                                                   |
          |     "a",                                                                      |
          |     "b"                                                                       |
          |   ]                                                                           |
          | }                                                                             |
          ⋮
          | j/k scroll  ←/→ sideways  tab request/response  ? help  esc/q back            |
          `,
      ),
    );
    await ui.press(keys.escape);
    expect(ui.lines()).toEqual(details);
  });

  it('cuts long lines with → and scrolls sideways with ←/→, marking the left edge with ← (120×30)', async () => {
    ui = await detailsOpen(120, 30);
    await inspect(ui, wideAnswer());
    expect(ui.lines()).toEqual(
      frame(
        S120,
        `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                                           1 cassette |
          | users-api  #3  Http                                                                                                   |
          | POST https://api.example.com/segment0/segment1/segment2/segment3/segment4/segment5/segment6/segment7/segment8/segment→|
          | 200  ·  42 ms  ·  recorded 2025-10-26T10:00:00.123Z                                                                   |
          | ⚠ 2 secrets: url_credential at request.url, credential_field at request.body                                          |
          | [Request]  Response                                                                                           1–10/10 |
          | POST https://api.example.com/segment0/segment1/segment2/segment3/segment4/segment5/segment6/segment7/segment8/segment→|
          |                                                                                                                       |
          | Headers (1)                                                                                                           |
          | content-type  application/json                                                                                        |
          |                                                                                                                       |
          | Body  application/json · 196 B                                                                                        |
          | {                                                                                                                     |
          |   "query": "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq→|
          |   "token": "ac…[REDACTED]…9f"                                                                                         |
          | }                                                                                                                     |
          ⋮
          | j/k scroll  PgUp/PgDn page  g/G top/bottom  ←/→ sideways  tab request/response  ? help  esc/q back                    |
          `,
      ),
    );
    for (let k = 0; k < 3; k++) await ui.press(keys.right);
    expect(ui.lines()).toEqual(
      frame(
        S120,
        `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                                           1 cassette |
          | users-api  #3  Http                                                                                                   |
          | POST https://api.example.com/segment0/segment1/segment2/segment3/segment4/segment5/segment6/segment7/segment8/segment→|
          | 200  ·  42 ms  ·  recorded 2025-10-26T10:00:00.123Z                                                                   |
          | ⚠ 2 secrets: url_credential at request.url, credential_field at request.body                                          |
          | [Request]  Response                                                                                   1–10/10  col 25 |
          | ←com/segment0/segment1/segment2/segment3/segment4/segment5/segment6/segment7/segment8/segment9/segment10/segment11/se→|
          |                                                                                                                       |
          | ←                                                                                                                     |
          | ←/json                                                                                                                |
          |                                                                                                                       |
          | ←196 B                                                                                                                |
          | ←                                                                                                                     |
          | ←qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq→|
          | ←…9f"                                                                                                                 |
          | ←                                                                                                                     |
          ⋮
          | j/k scroll  PgUp/PgDn page  g/G top/bottom  ←/→ sideways  tab request/response  ? help  esc/q back                    |
          `,
      ),
    );
    await ui.press(keys.left, keys.left, keys.left);
    expect(ui.lines()[13]).toBe(
      '   "query": "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq→',
    );
  });

  it('? lists the inspector keys in the page; any key closes the list (120×30)', async () => {
    ui = await detailsOpen(120, 30);
    await inspect(ui, wideAnswer());
    await ui.press('?');
    expect(ui.lines()).toEqual(
      frame(
        S120,
        `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                                           1 cassette |
          | users-api  #3  Http                                                                                                   |
          | POST https://api.example.com/segment0/segment1/segment2/segment3/segment4/segment5/segment6/segment7/segment8/segment→|
          | 200  ·  42 ms  ·  recorded 2025-10-26T10:00:00.123Z                                                                   |
          | ⚠ 2 secrets: url_credential at request.url, credential_field at request.body                                          |
          | [Keys]                                                                                                                |
          | ↑/↓ j/k             scroll a line                                                                                     |
          | PgUp/PgDn b/space   scroll a page                                                                                     |
          | g/G Home/End        top, bottom                                                                                       |
          | ←/→                 scroll sideways (→ at the right edge: the line goes on)                                           |
          | tab / shift-tab     next, previous tab (request, response)                                                            |
          | esc / q             back to the details                                                                               |
          | ?                   this help (any key closes it)                                                                     |
          ⋮
          | esc/q back                                                                                                            |
          `,
      ),
    );
    await ui.press(keys.escape);
    expect(ui.lines()[5]).toContain('[Request]');
  });

  it('shows a failure as one sanitised line with its code; Esc still goes back', async () => {
    ui = await detailsOpen(80, 24);
    const details = ui.lines();
    await ui.press(keys.enter);
    ui.engine.interactionDetailCalls[0]?.result.reject(
      new MagnetoError('not_found', 'interaction 3 not found in cassette "users-api" (it has 2)\u001b[2J'),
    );
    await ui.settle();
    expect(ui.lines()).toEqual(
      frame(
        S80,
        `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes   1 cassette |
          | users-api  #3                                                                 |
          | ✕ not_found: interaction 3 not found in cassette "users-api" (it has 2)       |
          ⋮
          | esc/q back                                                                    |
          `,
      ),
    );
    await ui.press(keys.escape);
    expect(ui.lines()).toEqual(details);
  });

  it('shows a WebSocket as its message timeline: direction, type, time since connect, payload, close code', async () => {
    ui = await detailsOpen(80, 24);
    await inspect(ui, {
      index: 3,
      kind: 'WebSocket',
      recorded_at: null,
      response_time_ms: null,
      url: 'wss://stream.example.com/feed',
      messages: [
        { direction: 'Sent', timestamp_ms: 0, msg_type: 'Text', body: textBody('{"subscribe":"prices"}') },
        {
          direction: 'Received',
          timestamp_ms: 1234,
          msg_type: 'Binary',
          body: binaryBody([0, 255, 16, 128]),
        },
        {
          direction: 'Received',
          timestamp_ms: 1500,
          msg_type: 'Text',
          body: textBody('tick \u001b[31mred\u202e'),
        },
      ],
      close_frame: { code: 1011, reason: 'server error' },
      secrets: [],
      revealed: false,
    });
    expect(ui.lines()).toEqual(
      frame(
        S80,
        `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes   1 cassette |
          | users-api  #3  WebSocket                                                      |
          | WS wss://stream.example.com/feed                                              |
          | 3 messages  ·  closed 1011  ·  recorded —                                     |
          | [Messages]                                                              1–5/5 |
          | Messages (3)                                                                  |
          | → Text   +0.000s  {"subscribe":"prices"}                                      |
          | ← Binary +1.234s  4 B binary  00 ff 10 80                                     |
          | ← Text   +1.500s  tick red                                                    |
          | ✕ close 1011  server error                                                    |
          ⋮
          | j/k scroll  PgUp/PgDn page  g/G top/bottom  ←/→ sideways  ? help  esc/q back  |
          `,
      ),
    );
  });

  it('shows a binary body as a hex dump that fits 80 columns', async () => {
    ui = await detailsOpen(80, 24);
    const png = binaryBody(
      Array.from({ length: 40 }, (_, i) => (i * 37) % 256),
      'image/png',
    );
    await inspect(
      ui,
      httpAnswer({ response: { status: 201, headers: { 'content-type': 'image/png' }, body: png } }),
    );
    await ui.press(keys.tab);
    expect(ui.lines()).toEqual(
      frame(
        S80,
        `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes   1 cassette |
          | users-api  #3  Http                                                           |
          | GET https://api.example.com/v1/users/1                                        |
          | 201  ·  42 ms  ·  recorded 2025-10-26T10:00:00.123Z                           |
          | ⚠ 1 secret: jwt at request.headers.authorization                              |
          |  Request  [Response]                                                    1–9/9 |
          | HTTP 201                                                                      |
          |                                                                               |
          | Headers (1)                                                                   |
          | content-type  image/png                                                       |
          |                                                                               |
          | Body  image/png · 40 B                                                        |
          | 00000000  00 25 4a 6f 94 b9 de 03  28 4d 72 97 bc e1 06 2b  |.%Jo....(Mr....+||
          | 00000010  50 75 9a bf e4 09 2e 53  78 9d c2 e7 0c 31 56 7b  |Pu.....Sx....1V{||
          | 00000020  a0 c5 ea 0f 34 59 7e a3                           |....4Y~.|        |
          ⋮
          | j/k scroll  ←/→ sideways  tab request/response  ? help  esc/q back            |
          `,
      ),
    );
  });

  it('keeps escape sequences, controls and bidi characters from the server inert, at 80×24 and 120×30', async () => {
    const evil = '\u001b]0;pwned\u0007\u001b[2J\u001b[31m\u202eevil\u202c\u2066x\u2069\u009b31m\u0000';
    const answer = httpAnswer({
      request: {
        method: `GET${evil}`,
        url: `https://api.example.com/${evil}?q=${evil}`,
        headers: { [`x-${evil}`]: evil, [evil]: `value${evil}` },
        body: textBody(`line one ${evil}\nline two${evil}`, { content_type: `text/plain${evil}` }),
      },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: textBody(JSON.stringify({ [`k${evil}`]: `v${evil}` }), { content_type: 'application/json' }),
      },
      secrets: [{ where: `request.headers.x-${evil}`, kind: 'api_key_header', preview: '[REDACTED]' }],
    } as Partial<Extract<Interaction, { kind: 'Http' }>>);
    for (const [columns, rows] of [
      [80, 24],
      [120, 30],
    ] as const) {
      ui?.close();
      ui = await detailsOpen(columns, rows);
      await inspect(ui, answer);
      for (const tab of [0, 1]) {
        if (tab === 1) await ui.press(keys.tab);
        const lines = ui.lines();
        expect(lines).toHaveLength(rows - 1);
        for (const l of lines) {
          expect(l).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
          expect(displayWidth(l)).toBeLessThanOrEqual(columns - 1);
        }
      }
      // JSON escapes what it must (\u001b stays text); the raw bidi and C1 characters are gone.
      const key = '   "k\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[31mevilx\\u0000": "v';
      expect(ui.lines().filter((l) => l.startsWith(key))).toHaveLength(1);
    }
  });

  it('highlights masked secrets (inverse, red) wherever they appear', async () => {
    ui = mount(new FakeEngine([summary('users-api', { interactions_count: 2 })]), {
      columns: 80,
      rows: 24,
      color: true,
    });
    const theme = createTheme(true);
    await ui.press(keys.enter);
    ui.engine.detailCalls[0]?.result.resolve({
      ...summary('users-api', { interactions_count: 1 }),
      version: '1.0',
      cookies_count: 0,
      http_count: 1,
      http_error_count: 0,
      websocket_count: 0,
    });
    ui.engine.interactionCalls[0]?.result.resolve([listed(3, 'https://api.example.com/v1/users/1')]);
    await ui.settle();
    await inspect(ui, httpAnswer());
    const secret = theme.inverse(theme.red('ey…[REDACTED]…5c'));
    expect(ui.lines()[9]).toBe(` ${theme.cyan('authorization')}  Bearer ${secret}`);
  });

  it('shows a failed request with its error in place of the response, without the optional fields (80×24)', async () => {
    ui = await detailsOpen(80, 24);
    await inspect(ui, {
      index: 3,
      kind: 'HttpError',
      recorded_at: null,
      response_time_ms: null,
      request: { method: 'PUT', url: 'https://s3.example.com/bucket/key', headers: {}, body: null },
      error: { error_type: 'Timeout', message: 'no answer within 5000 ms', timeout_ms: 5000 },
      secrets: [],
      revealed: false,
    });
    await ui.press(keys.tab);
    expect(ui.lines()).toEqual(
      frame(
        S80,
        `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes   1 cassette |
          | users-api  #3  HttpError                                                      |
          | PUT https://s3.example.com/bucket/key                                         |
          | ✕ Timeout  no answer within 5000 ms  ·  recorded —                            |
          |  Request  [Error]                                                       1–4/4 |
          | ✕ Timeout                                                                     |
          |                                                                               |
          | message  no answer within 5000 ms                                             |
          | timeout  5000 ms                                                              |
          ⋮
          | j/k scroll  ←/→ sideways  tab request/error  ? help  esc/q back               |
          `,
      ),
    );
  });

  it('builds the other tabs once the first frame is shown, so that Tab finds them ready', async () => {
    ui = await detailsOpen(80, 24);
    await ui.press(keys.enter);
    const answer = httpAnswer();
    ui.engine.interactionDetailCalls[0]?.result.resolve(answer);
    await ui.settle();
    // Only the request tab was drawn: the response's page can only come from the warm-up.
    expect(ui.lines()[5]).toContain('[Request]');
    expect(cachedDoc(answer, 'Response')?.lines).toHaveLength(15);
  });
});
