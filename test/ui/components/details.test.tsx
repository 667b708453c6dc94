import { describe, expect, it } from 'vitest';
import type { CassetteDetails, InteractionSummary } from '../../../src/protocol/index.js';
import { FLASH_TOTAL_MS, TOAST_MS } from '../../../src/ui/state/timing.js';
import { FakeEngine, summary } from '../../helpers/fake-engine.js';
import { frame, line } from '../../helpers/frame.js';
import { keys, mountOnFakeTime } from '../../helpers/mount.js';

const T0 = Date.parse('2025-10-27T10:05:00Z');
/** The default mount: 100×24, so lines are 99 columns and the screen 23 lines. */
const S = { width: 99, height: 23 };
const HEADER =
  '| magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |';
const KEYS =
  '| j/k select  / filter  f failures  o open  v view  y copy name  Y copy path  esc/q back            |';

function http(index: number, over: Partial<InteractionSummary> = {}): InteractionSummary {
  return {
    index,
    kind: 'Http',
    method: 'GET',
    url: `https://api.example.com/users/${index}`,
    status: 200,
    error: null,
    response_time_ms: 10 + index,
    ...over,
  };
}

function details(count: number, over: Partial<CassetteDetails> = {}): CassetteDetails {
  return {
    ...summary('users-api', { description: 'Users service', interactions_count: count }),
    version: '1.0',
    cookies_count: 0,
    http_count: count,
    http_error_count: 0,
    websocket_count: 0,
    ...over,
  };
}

function sample(): FakeEngine {
  return new FakeEngine([
    summary('auth-login', { description: 'Login flow', interactions_count: 12 }),
    summary('users-api', { description: 'Users service', interactions_count: 2 }),
  ]);
}

const mount = mountOnFakeTime(T0);
let ui: ReturnType<typeof mount> | undefined;

/** Answers the last details and interactions fetch. */
async function answer(u: ReturnType<typeof mount>, list: InteractionSummary[], d = details(list.length)) {
  u.engine.detailCalls.at(-1)?.result.resolve(d);
  u.engine.interactionCalls.at(-1)?.result.resolve(list);
  await u.settle();
}

/** Mounts, opens the details of users-api (the second row) and answers with `list`. */
async function opened(list: InteractionSummary[], rows = 24): Promise<ReturnType<typeof mount>> {
  const u = mount(sample(), { rows });
  await u.press(keys.down, keys.enter);
  await answer(u, list);
  return u;
}

/** The cassette grew on disk: the engine's update, as the server's event would bring it. */
function grew(u: ReturnType<typeof mount>, count: number): void {
  u.engine.updated(summary('users-api', { description: 'Users service', interactions_count: count }));
}

describe('details', () => {
  it('show the file, the secrets, and the interactions with the first one selected', async () => {
    ui = mount(
      new FakeEngine([
        summary('auth-login', { description: 'Login flow', interactions_count: 12 }),
        summary('users-api', { description: 'Users service', interactions_count: 3, secrets_count: 2 }),
      ]),
    );
    await ui.press(keys.down, keys.enter);
    await answer(
      ui,
      [
        http(0, { secrets_count: 1 }),
        http(1, { method: 'POST', status: 404 }),
        { ...http(2), kind: 'HttpError', status: null, error: 'Timeout: timed out' },
      ],
      details(3, { secrets_count: 2 }),
    );
    expect(ui.lines()).toEqual(
      frame(
        S,
        `
        ${HEADER}
        | users-api                                                                                         |
        | description   Users service                                                                       |
        | mode          auto    recorded 2025-10-27T10:00:00Z (5m ago)                                      |
        | interactions  3    size 512 B    ⚠ 2 secrets                                                      |
        | version 1.0   http 3   http errors 0   websocket 0   cookies 0                                    |
        | file          ./cassettes/users-api.json                                                          |
        |                                                                                                   |
        |       #  METHOD  STATUS TIME    URL                                                               |
        |› ⚠ \u001b[K\u001b[5G   0  GET     200    10ms    https://api.example.com/users/0                                   |
        |       1  POST    404    11ms    https://api.example.com/users/1                                   |
        |       2  GET     error  12ms    https://api.example.com/users/2  Timeout: timed out               |
        ⋮
        ${KEYS}
        `,
      ),
    );
  });

  describe('live', () => {
    it('fetch again once after a burst of 50 updates of their cassette, 250 ms after the last', async () => {
      ui = await opened([http(0), http(1)]);
      for (let k = 0; k < 50; k++) {
        grew(ui, 3 + k);
        await ui.settle(4);
      }
      expect(ui.engine.detailCalls).toHaveLength(1);
      await ui.settle(250 - 4);
      expect(ui.engine.detailCalls).toHaveLength(2);
      expect(ui.engine.interactionCalls).toHaveLength(2);
      await ui.settle(2000);
      expect(ui.engine.detailCalls).toHaveLength(2);
    });

    it('ignore updates of other cassettes', async () => {
      ui = await opened([http(0), http(1)]);
      ui.engine.updated(summary('auth-login', { description: 'Login flow', interactions_count: 13 }));
      await ui.settle(1000);
      expect(ui.engine.detailCalls).toHaveLength(1);
    });

    it('fetch within a second while a recorder writes without pause', async () => {
      ui = await opened([http(0), http(1)]);
      for (let k = 0; k < 10; k++) {
        grew(ui, 3 + k);
        await ui.settle(100);
      }
      // The trailing debounce alone would still wait; the bound made one fetch at 1 s.
      expect(ui.engine.detailCalls).toHaveLength(2);
    });

    it('never run two fetches at once: updates during one are served by one more, after it', async () => {
      ui = await opened([http(0), http(1)]);
      grew(ui, 3);
      await ui.settle(250);
      expect(ui.engine.detailCalls).toHaveLength(2);
      grew(ui, 4);
      await ui.settle(300);
      grew(ui, 5);
      await ui.settle(2000);
      expect(ui.engine.detailCalls).toHaveLength(2);
      await answer(ui, [http(0), http(1), http(2)]);
      await ui.settle(250);
      expect(ui.engine.detailCalls).toHaveLength(3);
    });

    it('show the new interactions flashing +, keep the selection, then stop flashing', async () => {
      ui = await opened([http(0), http(1)]);
      await ui.press('j');
      grew(ui, 4);
      await ui.settle(250);
      await answer(ui, [http(0), http(1), http(2), http(3, { secrets_count: 1 })], details(4));
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          ${HEADER}
          | users-api                                                                                         |
          | description   Users service                                                                       |
          | mode          auto    recorded 2025-10-27T10:00:00Z (5m ago)                                      |
          | interactions  4    size 512 B                                                                     |
          | version 1.0   http 4   http errors 0   websocket 0   cookies 0                                    |
          | file          ./cassettes/users-api.json                                                          |
          |                                                                                                   |
          |       #  METHOD  STATUS TIME    URL                                                               |
          |       0  GET     200    10ms    https://api.example.com/users/0                                   |
          |›      1  GET     200    11ms    https://api.example.com/users/1                                   |
          | +     2  GET     200    12ms    https://api.example.com/users/2                                   |
          | +⚠ \u001b[K\u001b[5G   3  GET     200    13ms    https://api.example.com/users/3                                   |
          ⋮
          | ✓ Cassette updated: users-api (+2 interactions)                                                   |
          ${KEYS}
          `,
        ),
      );
      await ui.settle(Math.max(FLASH_TOTAL_MS, TOAST_MS));
      expect(ui.lines().slice(9, 13)).toEqual([
        '       0  GET     200    10ms    https://api.example.com/users/0',
        '›      1  GET     200    11ms    https://api.example.com/users/1',
        '       2  GET     200    12ms    https://api.example.com/users/2',
        `  ⚠ \u001b[K\u001b[5G   3  GET     200    13ms    https://api.example.com/users/3`,
      ]);
    });

    it('keep the selection in view as the list grows under it (10 rows: room for 2 lines)', async () => {
      ui = await opened([http(0), http(1), http(2)], 14);
      await ui.press('G');
      grew(ui, 6);
      await ui.settle(250);
      await answer(
        ui,
        [0, 1, 2, 3, 4, 5].map((i) => http(i)),
        details(6),
      );
      // The toast takes a line: the list keeps index 2 selected and shown.
      const list = ui
        .lines()
        .filter((l) => /^[›+ ]{2}.. *\d+ {2}GET/.test(l.replace(/\u001b\[K\u001b\[\d+G/, '')));
      expect(list[0]).toBe('›      2  GET     200    12ms    https://api.example.com/users/2');
      await ui.press('j');
      expect(ui.lines().filter((l) => l.startsWith('›'))).toEqual([
        '›+     3  GET     200    13ms    https://api.example.com/users/3',
      ]);
    });

    it('say "deleted" when their cassette is deleted and stay until Esc', async () => {
      ui = await opened([http(0), http(1)]);
      ui.engine.deleted('users-api');
      await ui.settle(1000);
      expect(ui.lines()[1]).toBe(' users-api  (deleted)');
      expect(ui.lines()[9]).toBe('›      0  GET     200    10ms    https://api.example.com/users/0');
      expect(ui.engine.detailCalls).toHaveLength(1);
      await ui.settle(5000);
      expect(ui.lines()[1]).toBe(' users-api  (deleted)');
      await ui.press(keys.escape);
      expect(ui.lines()[1]).toBe(
        line(
          99,
          '|   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |',
        ),
      );
    });
  });

  describe('filters', () => {
    const mixed = (): InteractionSummary[] => [
      http(0),
      http(1, { method: 'POST', url: 'https://api.example.com/login', status: 401 }),
      { ...http(2), kind: 'HttpError', status: null, error: 'ConnectionRefused: refused' },
      {
        ...http(3),
        kind: 'WebSocket',
        method: null,
        status: null,
        url: 'wss://ws.example.com/a',
        close_code: 1000,
      },
      {
        ...http(4),
        kind: 'WebSocket',
        method: null,
        status: null,
        url: 'wss://ws.example.com/b',
        close_code: 1006,
      },
      {
        ...http(5),
        kind: 'WebSocket',
        method: null,
        status: null,
        url: 'wss://ws.example.com/c',
        close_code: null,
      },
      http(6, { status: 503 }),
    ];
    const listLines = (u: ReturnType<typeof mount>): string[] => u.lines().slice(7, 16);

    it('/ filters by method, URL or status as you type; Enter keeps, Esc clears', async () => {
      ui = await opened(mixed());
      await ui.press('/');
      await ui.type('post');
      expect(listLines(ui)).toEqual([
        ' 1 of 7 interactions · filter "post"',
        '       #  METHOD  STATUS TIME    URL',
        '›      1  POST    401    11ms    https://api.example.com/login',
        '',
        '',
        '',
        '',
        '',
        '',
      ]);
      expect(ui.lines().at(-1)).toBe(' /post▏  enter keep · esc clear');
      await ui.press(keys.backspace, keys.backspace, keys.backspace, keys.backspace);
      await ui.type('ws.example.com/b');
      expect(listLines(ui).slice(0, 3)).toEqual([
        ' 1 of 7 interactions · filter "ws.example.com/b"',
        '       #  METHOD  STATUS TIME    URL',
        '›      4  WS      1006   14ms    wss://ws.example.com/b',
      ]);
      await ui.press(keys.enter);
      expect(ui.lines().at(-1)).toBe(
        ' filter: ws.example.com/b  j/k select  / filter  f failures  o open  v view  esc/q back',
      );
      await ui.press(keys.escape);
      expect(listLines(ui).slice(0, 3)).toEqual([
        '',
        '       #  METHOD  STATUS TIME    URL',
        '       0  GET     200    10ms    https://api.example.com/users/0',
      ]);
      // The selection stayed on index 4 through the clearing.
      expect(ui.lines().filter((l) => l.startsWith('›'))).toEqual([
        '›      4  WS      1006   14ms    wss://ws.example.com/b',
      ]);
      await ui.press('/');
      await ui.type('50');
      expect(listLines(ui).slice(0, 3)).toEqual([
        ' 1 of 7 interactions · filter "50"',
        '       #  METHOD  STATUS TIME    URL',
        '›      6  GET     503    16ms    https://api.example.com/users/6',
      ]);
    });

    it('f shows failures only: 4xx/5xx, HttpError, WebSocket closed other than 1000/1001', async () => {
      ui = await opened(mixed());
      await ui.press('f');
      expect(listLines(ui)).toEqual([
        ' 4 of 7 interactions · failures only (f)',
        '       #  METHOD  STATUS TIME    URL',
        '›      1  POST    401    11ms    https://api.example.com/login',
        '       2  GET     error  12ms    https://api.example.com/users/2  ConnectionRefused: refused',
        '       4  WS      1006   14ms    wss://ws.example.com/b',
        '       6  GET     503    16ms    https://api.example.com/users/6',
        '',
        '',
        '',
      ]);
      expect(ui.lines().at(-1)).toBe(
        ' j/k select  / filter  f all  o open  v view  y copy name  Y copy path  esc/q back',
      );
      await ui.press('f');
      expect(listLines(ui)[0]).toBe('');
      expect(listLines(ui)).toHaveLength(9);
    });

    it('say so when nothing matches', async () => {
      ui = await opened([http(0)]);
      await ui.press('f');
      expect(listLines(ui).slice(0, 2)).toEqual([
        ' 0 of 1 interaction · failures only (f)',
        ' no interaction matches (/ to change, f for all)',
      ]);
    });
  });
});
