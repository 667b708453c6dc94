import { describe, expect, it, vi } from 'vitest';
import { alreadyExists, descriptionProblem, nameProblem } from '../../../src/protocol/index.js';
import { FLASH_MS, FADE_STEP_MS, FADE_STEPS, TOAST_MS, TOMBSTONE_MS } from '../../../src/ui/state/timing.js';
import { FakeEngine, summary } from '../../helpers/fake-engine.js';
import { cells, frame, line } from '../../helpers/frame.js';
import { keys, mountOnFakeTime } from '../../helpers/mount.js';

const T0 = Date.parse('2025-10-27T10:05:00Z');
/** The default mount: 100×24, so lines are 99 columns and the screen 23 lines. */
const S = { width: 99, height: 23 };
/** Where a form's problem sentence starts: under the field's value. */
const UNDER_FIELD = ' '.repeat(16);

function sample(): FakeEngine {
  return new FakeEngine([
    summary('auth-login', { description: 'Login flow', interactions_count: 12 }),
    summary('users-api', { description: 'Users service', interactions_count: 7 }),
  ]);
}

const mount = mountOnFakeTime(T0);
let ui: ReturnType<typeof mount> | undefined;

describe('app', () => {
  describe('status line', () => {
    const cases: [Parameters<FakeEngine['setStatus']>[0], string][] = [
      [
        { kind: 'live' },
        '| magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                                          2 cassettes |',
      ],
      [
        { kind: 'connecting' },
        '| magneto-watch  ◌ Connecting…   web http://127.0.0.1:8889/   ./cassettes                                   2 cassettes |',
      ],
      [
        { kind: 'reconnecting', attempt: 3, retryAt: T0 + 4000 },
        '| magneto-watch  ◌ Reconnecting in 4s (attempt 3)   web http://127.0.0.1:8889/   ./cassettes                2 cassettes |',
      ],
      [
        { kind: 'polling', intervalMs: 2000 },
        '| magneto-watch  ◌ Polling (server has no /ws)   web http://127.0.0.1:8889/   ./cassettes                   2 cassettes |',
      ],
      [
        { kind: 'failed', reason: '401 unauthorized' },
        '| magneto-watch  ✕ 401 unauthorized   web http://127.0.0.1:8889/   ./cassettes                              2 cassettes |',
      ],
    ];
    for (const [status, text] of cases) {
      it(`shows ${status.kind}: title, state, URL, directory and the count on the right`, async () => {
        ui = mount(sample(), { columns: 120 });
        ui.engine.setStatus(status);
        await ui.settle();
        expect(ui.lines()[0]).toBe(line(119, text));
      });
    }

    it('counts the reconnect delay down', async () => {
      ui = mount(sample());
      ui.engine.setStatus({ kind: 'reconnecting', attempt: 3, retryAt: T0 + 4000 });
      await ui.settle(2000);
      expect(ui.lines()[0]).toBe(
        line(
          99,
          '| magneto-watch  ◌ Reconnecting in 2s (attempt 3)   web http://127.0.0.1:8889/          2 cassettes |',
        ),
      );
    });

    it('shows ⏸ Paused (N pending) while paused, and everything at once on resume', async () => {
      // ⏸ is one column or two depending on the terminal: the URL is put at its column after it.
      ui = mount(sample());
      await ui.press('p');
      ui.engine.created(summary('x'));
      ui.engine.deleted('users-api');
      await ui.settle();
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ⏸ Paused (2 pending)\u001b[K\u001b[37G   web http://127.0.0.1:8889/   ./cassettes        2 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          |   users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
      await ui.press('p');
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          | - users-api                     (deleted)             auto                 7     512 B  5m ago    |
          | + x                                                   auto                 0     512 B  5m ago    |
          ⋮
          | ✓ New cassette: x                                                                                 |
          | ✓ Cassette deleted: users-api                                                                     |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });
  });

  describe('notice', () => {
    it('reads a notice function at every frame (hosting after a takeover)', async () => {
      let notice: string | undefined = 'attached to the server on :8889';
      ui = mount(sample(), { columns: 120, notice: () => notice });
      await ui.settle();
      expect(ui.lines()[0]).toBe(
        line(
          119,
          '| magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes   attached to the server on :8889        2 cassettes |',
        ),
      );
      notice = 'hosting (took over)';
      ui.engine.setStatus({ kind: 'reconnecting', attempt: 1, retryAt: T0 + 1000 });
      ui.engine.setStatus({ kind: 'live' });
      await ui.settle();
      expect(ui.lines()[0]).toBe(
        line(
          119,
          '| magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes   hosting (took over)                    2 cassettes |',
        ),
      );
    });
  });

  describe('live changes', () => {
    it('shows a created row with + and the toast "New cassette: x", then fades to normal', async () => {
      ui = mount(sample());
      ui.engine.created(summary('payments-new', { description: 'Stripe sandbox' }));
      await ui.settle();
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      3 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          | + payments-new                  Stripe sandbox        auto                 0     512 B  5m ago    |
          |   users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | ✓ New cassette: payments-new                                                                      |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
      await ui.settle(FLASH_MS + FADE_STEPS * FADE_STEP_MS);
      expect(ui.lines()[3]).toBe(
        line(
          99,
          '|   payments-new                  Stripe sandbox        auto                 0     512 B  5m ago    |',
        ),
      );
      await ui.settle(TOAST_MS);
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      3 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          |   payments-new                  Stripe sandbox        auto                 0     512 B  5m ago    |
          |   users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });

    it('marks an updated row with ~ and says "Cassette updated: x"', async () => {
      ui = mount(sample());
      ui.engine.updated(
        summary('users-api', { description: 'Users service (updated)', interactions_count: 8 }),
      );
      await ui.settle();
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          | ~ users-api                     Users service (upda…  auto              8 +1     512 B  5m ago    |
          ⋮
          | ✓ Cassette updated: users-api (+1 interaction)                                                    |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });

    it('shows +N beside the count of a row whose update added interactions, until its flash is over', async () => {
      ui = mount(sample());
      ui.engine.updated(summary('users-api', { description: 'Users service', interactions_count: 9 }));
      await ui.settle(FLASH_MS / 2);
      ui.engine.updated(summary('users-api', { description: 'Users service', interactions_count: 10 }));
      await ui.settle();
      // The second update restarts the flash; +N counts from the first one's start.
      expect(ui.lines()[3]).toBe(
        line(
          99,
          '| ~ users-api                     Users service         auto             10 +3     512 B  5m ago    |',
        ),
      );
      expect(ui.lines().slice(-3, -1)).toEqual([
        ' ✓ Cassette updated: users-api (+2 interactions)',
        ' ✓ Cassette updated: users-api (+1 interaction)',
      ]);
      await ui.settle(FLASH_MS + FADE_STEPS * FADE_STEP_MS);
      expect(ui.lines()[3]).toBe(
        line(
          99,
          '|   users-api                     Users service         auto                10     512 B  5m ago    |',
        ),
      );
    });

    it('marks a cassette with secrets with ⚠, and none without or unknown', async () => {
      ui = mount(
        new FakeEngine([
          summary('leaky', { description: 'Bearer token inside', secrets_count: 2, interactions_count: 3 }),
          summary('clean', { secrets_count: 0 }),
          summary('partial', { secrets_count: 1, secrets_partial: true }),
          summary('upstream', { secrets_count: undefined }),
          summary('broken', { secrets_count: null, interactions_count: null, error: 'not JSON' }),
        ]),
      );
      await ui.settle();
      expect(ui.lines().slice(1, 7)).toEqual(
        frame(
          { width: 99 },
          `
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›! broken                        unreadable: not JSON  auto                 —     512 B  5m ago    |
          |   clean                                               auto                 0     512 B  5m ago    |
          |   leaky                     ⚠ \u001b[K\u001b[32G  Bearer token inside   auto                 3     512 B  5m ago    |
          |   partial                   ⚠ \u001b[K\u001b[32G                        auto                 0     512 B  5m ago    |
          |   upstream                                            auto                 0     512 B  5m ago    |
          `,
        ),
      );
      // ⚠ is one column or two depending on the terminal: the next cell is put at its column.
      // A secret found later flags the row at once.
      ui.engine.updated(summary('clean', { secrets_count: 1 }));
      await ui.settle();
      expect(ui.lines()[3]).toBe(
        line(
          99,
          '| ~ clean                     ⚠ \u001b[K\u001b[32G                        auto                 0     512 B  5m ago    |',
        ),
      );
    });

    it('keeps a deleted row as a - tombstone, then removes it', async () => {
      ui = mount(sample());
      ui.engine.deleted('users-api');
      await ui.settle();
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                       1 cassette |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          | - users-api                     (deleted)             auto                 7     512 B  5m ago    |
          ⋮
          | ✓ Cassette deleted: users-api                                                                     |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
      await ui.settle(TOMBSTONE_MS);
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                       1 cassette |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          ⋮
          | ✓ Cassette deleted: users-api                                                                     |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });

    it('folds a burst into "+N more changes"', async () => {
      ui = mount(sample());
      for (let i = 0; i < 10; i++) ui.engine.created(summary(`burst-${i}`));
      await ui.settle();
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                     12 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          | + burst-0                                             auto                 0     512 B  5m ago    |
          | + burst-1                                             auto                 0     512 B  5m ago    |
          | + burst-2                                             auto                 0     512 B  5m ago    |
          | + burst-3                                             auto                 0     512 B  5m ago    |
          | + burst-4                                             auto                 0     512 B  5m ago    |
          | + burst-5                                             auto                 0     512 B  5m ago    |
          | + burst-6                                             auto                 0     512 B  5m ago    |
          | + burst-7                                             auto                 0     512 B  5m ago    |
          | + burst-8                                             auto                 0     512 B  5m ago    |
          | + burst-9                                             auto                 0     512 B  5m ago    |
          |   users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | ✓ New cassette: burst-0                                                                           |
          | ✓ New cassette: burst-1                                                                           |
          | … +8 more changes                                                                                 |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });

    it('flashes what a re-list changed', async () => {
      ui = mount(sample());
      await ui.press('r');
      expect(ui.engine.relists).toBe(1);
      ui.engine.snapshot([
        summary('auth-login', { description: 'Login flow', interactions_count: 12 }),
        summary('new-one'),
      ]);
      await ui.settle();
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          | + new-one                                             auto                 0     512 B  5m ago    |
          | - users-api                     (deleted)             auto                 7     512 B  5m ago    |
          ⋮
          | ✓ New cassette: new-one                                                                           |
          | ✓ Cassette deleted: users-api                                                                     |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });

    it('keeps the selection on the same cassette when rows are inserted above it', async () => {
      ui = mount(sample());
      await ui.press(keys.down);
      expect(ui.lines().slice(2, 4)).toEqual([
        line(
          99,
          '|   auth-login                    Login flow            auto                12     512 B  5m ago    |',
        ),
        line(
          99,
          '|›  users-api                     Users service         auto                 7     512 B  5m ago    |',
        ),
      ]);
      ui.engine.created(summary('aaa'));
      ui.engine.created(summary('bbb'));
      await ui.settle();
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      4 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          | + aaa                                                 auto                 0     512 B  5m ago    |
          |   auth-login                    Login flow            auto                12     512 B  5m ago    |
          | + bbb                                                 auto                 0     512 B  5m ago    |
          |›  users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | ✓ New cassette: aaa                                                                               |
          | ✓ New cassette: bbb                                                                               |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });
  });

  describe('delete', () => {
    it('asks, and y deletes the cassette locked when d was pressed', async () => {
      ui = mount(sample());
      await ui.press('d');
      expect(ui.lines().at(-1)).toBe(" Delete cassette 'auth-login'? (y/N)");
      ui.engine.created(summary('aaa-first'));
      await ui.settle();
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      3 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          | + aaa-first                                           auto                 0     512 B  5m ago    |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          |   users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | ✓ New cassette: aaa-first                                                                         |
          | Delete cassette 'auth-login'? (y/N)                                                               |
          `,
        ),
      );
      await ui.press('y');
      expect(ui.engine.removes.map((c) => c.args.name)).toEqual(['auth-login']);
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      3 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          | + aaa-first                                           auto                 0     512 B  5m ago    |
          |›  auth-login                    deleting…             auto                12     512 B  5m ago    |
          |   users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | ✓ New cassette: aaa-first                                                                         |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
      ui.engine.removes[0]?.result.resolve();
      ui.engine.deleted('auth-login');
      await ui.settle();
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          | + aaa-first                                           auto                 0     512 B  5m ago    |
          | - auth-login                    (deleted)             auto                12     512 B  5m ago    |
          |›  users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | ✓ New cassette: aaa-first                                                                         |
          | ✓ Cassette deleted: auth-login                                                                    |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });

    it('cancels on any other key', async () => {
      ui = mount(sample());
      const table = ui.lines();
      await ui.press(keys.delete);
      expect(ui.lines()).toEqual([...table.slice(0, -1), " Delete cassette 'auth-login'? (y/N)"]);
      await ui.press('x');
      expect(ui.lines()).toEqual(table);
      expect(ui.engine.removes).toEqual([]);
    });

    it('restores the row with an error toast when remove() fails', async () => {
      ui = mount(sample());
      await ui.press('d', 'y');
      expect(ui.lines()[2]).toBe(
        line(
          99,
          '|›  auth-login                    deleting…             auto                12     512 B  5m ago    |',
        ),
      );
      ui.engine.removes[0]?.result.reject(new Error('500 io_error'));
      await ui.settle();
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          |   users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | ✕ delete failed: 500 io_error                                                                     |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });
  });

  describe('create form', () => {
    it('validates the name while typing, including "already exists"', async () => {
      ui = mount(sample());
      await ui.press('n');
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          | New cassette                                                                                      |
          |                                                                                                   |
          |› Name          [▏]                                                                                |
          |                name is required                                                                   |
          |  Description   []                                                                                 |
          |  Mode          ‹auto›  record   replay                                                            |
          |                                                                                                   |
          ⋮
          | enter create  tab/↓ next field  ←/→ mode  ctrl-u clear field  esc cancel                          |
          `,
        ),
      );
      await ui.type('bad name');
      expect(ui.lines().slice(3, 5)).toEqual([
        '› Name          [bad name▏]',
        `${UNDER_FIELD}✕ name may only contain letters, digits, - and _`,
      ]);
      await ui.press(...Array.from({ length: 8 }, () => keys.backspace));
      await ui.type('users-api');
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          | New cassette                                                                                      |
          |                                                                                                   |
          |› Name          [users-api▏]                                                                       |
          |                ✕ cassette "users-api" already exists                                              |
          |  Description   []                                                                                 |
          |  Mode          ‹auto›  record   replay                                                            |
          |                                                                                                   |
          ⋮
          | enter create  tab/↓ next field  ←/→ mode  ctrl-u clear field  esc cancel                          |
          `,
        ),
      );
      await ui.press(keys.enter);
      expect(ui.engine.creates).toEqual([]);
    });

    it("shows the protocol's sentences, the ones the server answers", async () => {
      ui = mount(sample());
      await ui.press('n');
      expect(ui.lines()[4]).toBe(`${UNDER_FIELD}${nameProblem('')}`);
      await ui.type('a.b');
      expect(ui.lines()[4]).toBe(`${UNDER_FIELD}✕ ${nameProblem('a.b')}`);
      await ui.press(keys.backspace, keys.backspace, keys.backspace);
      await ui.type('users-api');
      expect(ui.lines()[4]).toBe(`${UNDER_FIELD}✕ ${alreadyExists('users-api').message}`);
    });

    it('refuses a description over 1 000 characters: the sentence shows and Enter does not submit', async () => {
      const long = 'x'.repeat(1001);
      ui = mount(sample());
      await ui.press('n');
      await ui.type('long-one');
      await ui.press(keys.tab, long);
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          | New cassette                                                                                      |
          |                                                                                                   |
          |  Name          [long-one]                                                                         |
          |                ✓                                                                                  |
          |› Description   [xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…▏] |
          |                ✕ description is longer than 1000 characters                                       |
          |  Mode          ‹auto›  record   replay                                                            |
          |                                                                                                   |
          ⋮
          | enter create  tab/↓ next field  ←/→ mode  ctrl-u clear field  esc cancel                          |
          `,
        ),
      );
      expect(ui.lines()[6]).toBe(`${UNDER_FIELD}✕ ${descriptionProblem(long)}`);
      await ui.press(keys.enter);
      expect(ui.engine.creates).toEqual([]);
      await ui.press(keys.backspace);
      expect(ui.lines().slice(5, 8)).toEqual([
        line(
          99,
          '|› Description   [xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…▏] |',
        ),
        '  Mode          ‹auto›  record   replay',
        '',
      ]);
      await ui.press(keys.enter);
      expect(ui.engine.creates[0]?.args).toEqual({
        name: 'long-one',
        description: long.slice(1),
        mode: 'auto',
      });
    });

    it('submits name, description and mode from any field with Enter', async () => {
      ui = mount(sample());
      const table = ui.lines();
      await ui.press('n');
      await ui.type('payments');
      await ui.press(keys.tab);
      await ui.type('Stripe');
      await ui.press(keys.down, keys.right, keys.right);
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          | New cassette                                                                                      |
          |                                                                                                   |
          |  Name          [payments]                                                                         |
          |                ✓                                                                                  |
          |  Description   [Stripe]                                                                           |
          |› Mode           auto   record  ‹replay›                                                           |
          |                                                                                                   |
          ⋮
          | enter create  tab/↓ next field  ←/→ mode  ctrl-u clear field  esc cancel                          |
          `,
        ),
      );
      await ui.press(keys.enter);
      expect(ui.engine.creates[0]?.args).toEqual({ name: 'payments', description: 'Stripe', mode: 'replay' });
      expect(ui.lines().slice(7, 10)).toEqual(['', ' saving…', '']);
      ui.engine.creates[0]?.result.resolve(summary('payments'));
      await ui.settle();
      expect(ui.lines()).toEqual(table);
    });

    it('takes a whole form typed in one burst (paste, ssh, tmux send-keys)', async () => {
      ui = mount(sample());
      await ui.press('n');
      await ui.press('burst\tFast typist\r');
      expect(ui.engine.creates[0]?.args).toEqual({ name: 'burst', description: 'Fast typist', mode: 'auto' });
    });

    it('Ctrl-U empties the focused field, as in a shell', async () => {
      ui = mount(sample());
      await ui.press('n');
      await ui.type('wrong-name');
      await ui.press('\u0015');
      await ui.type('right');
      await ui.press(keys.enter);
      expect(ui.engine.creates[0]?.args.name).toBe('right');
    });

    it('keeps the form open with the error when create() fails', async () => {
      ui = mount(sample());
      await ui.press('n');
      await ui.type('racy');
      await ui.press(keys.enter);
      ui.engine.creates[0]?.result.reject(new Error('cassette already exists'));
      await ui.settle();
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          | New cassette                                                                                      |
          |                                                                                                   |
          |› Name          [racy▏]                                                                            |
          |                ✓                                                                                  |
          |  Description   []                                                                                 |
          |  Mode          ‹auto›  record   replay                                                            |
          |                                                                                                   |
          | ✕ cassette already exists                                                                         |
          ⋮
          | enter create  tab/↓ next field  ←/→ mode  ctrl-u clear field  esc cancel                          |
          `,
        ),
      );
    });

    it('Esc cancels', async () => {
      ui = mount(sample());
      const table = ui.lines();
      await ui.press('n');
      expect(ui.lines()[1]).toBe(' New cassette');
      await ui.press(keys.escape);
      expect(ui.lines()).toEqual(table);
    });

    it('hides n and e from the key bar and the help when the server cannot create or edit; pressing them says why once', async () => {
      ui = mount(sample(), { dirLabel: undefined });
      ui.engine.push({
        type: 'server',
        info: { flavor: 'upstream-hydra', canCreate: false, canUpdate: false },
      });
      await ui.settle();
      await ui.press('n', 'n', 'e', 'n');
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   http://127.0.0.1:8889                                         2 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          |   users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | ✕ this server cannot edit cassettes                                                               |
          | ✕ this server cannot create cassettes                                                             |
          | d delete  / filter  s sort  p pause  r re-list  enter details  L log  ? help  q quit              |
          `,
        ),
      );
      await ui.press('?');
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   http://127.0.0.1:8889                                         2 cassettes |
          | Keys                                                                                              |
          | this server cannot create cassettes                                                               |
          | this server cannot edit cassettes                                                                 |
          | o, v, Y: the server does not say where its files are (a magneto-watch server on this machine does)|
          | ↑/↓ j/k g/G     move, first, last (PgUp/PgDn: a page)                                             |
          | d / Delete      delete (y confirms)                                                               |
          | /               filter as you type (enter keeps, esc clears)                                      |
          | s / S           sort by name, recorded, interactions / reverse                                    |
          | p               pause live updates (again to apply them)                                          |
          | r               re-list from the server                                                           |
          | enter           details and interactions, live (/ filter, f failures only)                        |
          | L               event log: the last 1 000 changes, connection changes and errors                  |
          | y               copy the name (OSC 52: tmux needs set-clipboard on)                               |
          | q / Ctrl-C      back (from the table: quit) / quit from anywhere                                  |
          | Ctrl-L          repaint the whole screen (after a garbled ssh link)                               |
          |                                                                                                   |
          | + ~ - ! ⚠       created, updated (12 +3: added), deleted, unreadable; secrets                     |
          ⋮
          | ✕ this server cannot edit cassettes                                                               |
          | ✕ this server cannot create cassettes                                                             |
          | esc/q back                                                                                        |
          `,
        ),
      );
    });

    it('before the server is known, offers neither n nor e, and says it is not connected yet', async () => {
      const engine = sample();
      engine.info = { flavor: 'unknown', canCreate: false, canUpdate: false };
      engine.status = { kind: 'connecting' };
      ui = mount(engine, { dirLabel: undefined });
      await ui.press('n');
      expect(ui.lines().slice(-2)).toEqual([
        ' ✕ not connected yet: cannot create cassettes',
        ' d delete  / filter  s sort  p pause  r re-list  enter details  L log  ? help  q quit',
      ]);
      engine.push({ type: 'server', info: { flavor: 'magneto-watch', canCreate: true, canUpdate: true } });
      await ui.settle();
      expect(ui.lines().at(-1)).toBe(
        ' n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit',
      );
      await ui.press('n');
      expect(ui.lines()[1]).toBe(' New cassette');
    });
  });

  describe('edit form', () => {
    it('refuses a description over 1 000 characters: the sentence shows and Enter does not submit', async () => {
      const long = 'y'.repeat(1001);
      ui = mount(sample());
      await ui.press('e', '\u0015', long);
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          | Edit cassette auth-login                                                                          |
          |                                                                                                   |
          |› Description   [yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy…▏] |
          |                ✕ description is longer than 1000 characters                                       |
          |  Mode          ‹auto›  record   replay                                                            |
          |                                                                                                   |
          ⋮
          | enter save  tab/↓ next field  ←/→ mode  ctrl-u clear field  esc cancel                            |
          `,
        ),
      );
      expect(ui.lines()[4]).toBe(`${UNDER_FIELD}✕ ${descriptionProblem(long)}`);
      await ui.press(keys.enter);
      expect(ui.engine.updates).toEqual([]);
      await ui.press(keys.backspace, keys.enter);
      expect(ui.engine.updates[0]?.args).toEqual({
        name: 'auth-login',
        patch: { description: long.slice(1), mode: 'auto' },
      });
    });

    it('is prefilled and sends the new description', async () => {
      ui = mount(sample());
      await ui.press('e');
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          | Edit cassette auth-login                                                                          |
          |                                                                                                   |
          |› Description   [Login flow▏]                                                                      |
          |  Mode          ‹auto›  record   replay                                                            |
          |                                                                                                   |
          ⋮
          | enter save  tab/↓ next field  ←/→ mode  ctrl-u clear field  esc cancel                            |
          `,
        ),
      );
      await ui.press(keys.backspace, keys.backspace, keys.backspace, keys.backspace);
      await ui.type('path');
      await ui.press(keys.enter);
      expect(ui.engine.updates[0]?.args).toEqual({
        name: 'auth-login',
        patch: { description: 'Login path', mode: 'auto' },
      });
    });
  });

  describe('filter and sort', () => {
    it('filters live as you type; Enter keeps, Esc clears', async () => {
      ui = mount(sample());
      await ui.press('/');
      await ui.type('users');
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                    1/2 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | /users▏  enter keep · esc clear                                                                   |
          `,
        ),
      );
      await ui.press(keys.enter);
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                    1/2 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | filter: users  n new  e edit  d delete  / filter  s sort  enter details  L log  ? help  q quit    |
          `,
        ),
      );
      await ui.press('/', keys.escape);
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |   auth-login                    Login flow            auto                12     512 B  5m ago    |
          |›  users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });

    it('s cycles the sort and S reverses it', async () => {
      ui = mount(sample());
      await ui.press('s', 's');
      expect(ui.lines().slice(1, 4)).toEqual([
        line(
          99,
          '|   NAME                      ⚠   DESCRIPTION           MODE    INTERACTIONS ▼      SIZE  RECORDED  |',
        ),
        line(
          99,
          '|›  auth-login                    Login flow            auto                12     512 B  5m ago    |',
        ),
        line(
          99,
          '|   users-api                     Users service         auto                 7     512 B  5m ago    |',
        ),
      ]);
      await ui.press('S');
      expect(ui.lines().slice(1, 4)).toEqual([
        line(
          99,
          '|   NAME                      ⚠   DESCRIPTION           MODE    INTERACTIONS ▲      SIZE  RECORDED  |',
        ),
        line(
          99,
          '|   users-api                     Users service         auto                 7     512 B  5m ago    |',
        ),
        line(
          99,
          '|›  auth-login                    Login flow            auto                12     512 B  5m ago    |',
        ),
      ]);
    });
  });

  describe('details', () => {
    it('shows the summary and interactions, Esc goes back', async () => {
      ui = mount(sample());
      const table = ui.lines();
      await ui.press(keys.enter);
      expect(ui.engine.detailCalls[0]?.args.name).toBe('auth-login');
      ui.engine.detailCalls[0]?.result.resolve({
        ...summary('auth-login', { description: 'Login flow', interactions_count: 1 }),
        version: '1.0',
        cookies_count: 0,
        http_count: 1,
        http_error_count: 0,
        websocket_count: 0,
      });
      ui.engine.interactionCalls[0]?.result.resolve([
        {
          index: 0,
          kind: 'Http',
          method: 'POST',
          url: 'https://api.example.com/login\u001b[2J',
          status: 200,
          error: null,
          response_time_ms: 42,
        },
      ]);
      await ui.settle();
      // Column headings sit over their columns; the URL's escape sequence is gone.
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          | auth-login                                                                                        |
          | description   Login flow                                                                          |
          | mode          auto    recorded 2025-10-27T10:00:00Z (5m ago)                                      |
          | interactions  1    size 512 B                                                                     |
          | version 1.0   http 1   http errors 0   websocket 0   cookies 0                                    |
          | file          ./cassettes/auth-login.json                                                         |
          |                                                                                                   |
          |       #  METHOD  STATUS TIME    URL                                                               |
          |›      0  POST    200    42ms    https://api.example.com/login                                     |
          ⋮
          | j/k select  / filter  f failures  o open  v view  y copy name  Y copy path  esc/q back            |
          `,
        ),
      );
      await ui.press(keys.escape);
      expect(ui.lines()).toEqual(table);
    });
  });

  describe('event log', () => {
    /** 100×14: the log shows a title and nine entries above the toasts and the key bar. */
    async function withHistory(): Promise<ReturnType<typeof mount>> {
      const u = mount(sample(), { rows: 14 });
      u.engine.created(summary('payments-new'));
      await u.settle(1000);
      u.engine.setStatus({
        kind: 'reconnecting',
        attempt: 1,
        retryAt: T0 + 3000,
        reason: 'connection refused',
      });
      await u.settle(2000);
      u.engine.setStatus({ kind: 'live' });
      await u.settle(1000);
      await u.press('d', 'y');
      u.engine.removes[0]?.result.reject(new Error('500 io_error'));
      await u.settle();
      return u;
    }

    it('keeps changes, connection changes and errors with their times: an error outlives its toast', async () => {
      ui = await withHistory();
      expect(ui.lines().at(-2)).toBe(' ✕ delete failed: 500 io_error');
      await ui.settle(TOAST_MS);
      expect(ui.lines().at(-2)).toBe('');
      await ui.press('L');
      expect(ui.lines()).toEqual(
        frame(
          { width: 99, height: 13 },
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      3 cassettes |
          | Event log · 4 entries                                                                             |
          | 10:05:00  + created   payments-new                                                                |
          | 10:05:01  ◌ Reconnecting (attempt 1): connection refused                                          |
          | 10:05:03  ● Live                                                                                  |
          | 10:05:04  ✕ delete failed: 500 io_error                                                           |
          ⋮
          | j/k scroll  PgUp/PgDn page  g/G oldest/newest  / filter  esc/q back                               |
          `,
        ),
      );
      await ui.press(keys.escape);
      expect(ui.lines()[1]).toBe(
        line(
          99,
          '|   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |',
        ),
      );
    });

    it('scrolls with k/j, PgUp/PgDn and g/G, holds still while entries arrive, filters with /, and q goes back', async () => {
      ui = await withHistory();
      await ui.settle(TOAST_MS);
      await ui.press('L');
      for (let i = 0; i < 20; i++) {
        ui.engine.updated(summary(i % 2 ? 'users-api' : 'auth-login', { interactions_count: i }));
        await ui.settle(1000);
      }
      const S14 = { width: 99, height: 13 };
      const header =
        '| magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      4 cassettes |';
      const keyBar =
        '| j/k scroll  PgUp/PgDn page  g/G oldest/newest  / filter  esc/q back                               |';
      const more = (n: number): string => `| … +${n} more changes${' '.repeat(80)}|`;
      const updated = (from: number, to: number, step = 1): string[] => {
        const out: string[] = [];
        for (let t = from; t <= to; t += step) {
          // Each name's count grows by two per update from 10:05:09 on.
          const text = `${t % 2 ? 'auth-login' : 'users-api'} (+2 interactions)`;
          out.push(
            `| 10:05:${String(t).padStart(2, '0')}  ~ updated   ${text}${' '.repeat(76 - text.length)}|`,
          );
        }
        return out;
      };
      await ui.press('k', 'k', 'k');
      ui.engine.created(summary('late'));
      await ui.settle();
      // Scrolled up three, the view stays where it is when "late" arrives.
      expect(ui.lines()).toEqual(
        frame(
          S14,
          `
          ${header}
          | Event log · 25 entries · 4 newer below (G)                                                        |
          ${updated(15, 23).join('\n')}
          ${more(18)}
          ${keyBar}
          `,
        ),
      );
      await ui.press('g');
      expect(ui.lines()).toEqual(
        frame(
          S14,
          `
          ${header}
          | Event log · 25 entries · 16 newer below (G)                                                       |
          | 10:05:00  + created   payments-new                                                                |
          | 10:05:01  ◌ Reconnecting (attempt 1): connection refused                                          |
          | 10:05:03  ● Live                                                                                  |
          | 10:05:04  ✕ delete failed: 500 io_error                                                           |
          | 10:05:07  ~ updated   auth-login                                                                  |
          | 10:05:08  ~ updated   users-api                                                                   |
          | 10:05:09  ~ updated   auth-login (+2 interactions)                                                |
          ${updated(10, 11).join('\n')}
          ${more(18)}
          ${keyBar}
          `,
        ),
      );
      await ui.press(keys.pageDown);
      expect(ui.lines().slice(1, 3)).toEqual([
        ' Event log · 25 entries · 8 newer below (G)',
        ' 10:05:11  ~ updated   auth-login (+2 interactions)',
      ]);
      await ui.press('j');
      expect(ui.lines()[1]).toBe(' Event log · 25 entries · 7 newer below (G)');
      await ui.press(keys.pageUp);
      expect(ui.lines()[1]).toBe(' Event log · 25 entries · 15 newer below (G)');
      await ui.press('G');
      expect(ui.lines().slice(1, 3)).toEqual([
        ' Event log · 25 entries',
        ' 10:05:19  ~ updated   auth-login (+2 interactions)',
      ]);
      expect(ui.lines()[10]).toBe(' 10:05:27  + created   late');
      await ui.press('/');
      await ui.type('auth');
      expect(ui.lines()).toEqual(
        frame(
          S14,
          `
          ${header}
          | Event log · 25 entries · 10 matching "auth"                                                       |
          ${updated(9, 25, 2).join('\n')}
          ${more(18)}
          | /auth▏  enter keep · esc clear                                                                    |
          `,
        ),
      );
      await ui.press(keys.enter);
      expect(ui.lines().at(-1)).toBe(
        ' filter: auth  j/k scroll  PgUp/PgDn page  g/G oldest/newest  / filter  esc/q back',
      );
      await ui.press('q');
      expect(ui.lines()[1]).toBe(
        line(
          99,
          '|   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |',
        ),
      );
      expect(ui.quit).not.toHaveBeenCalled();
    });
  });

  describe('help and quit', () => {
    it('? shows the help overlay, any key closes it', async () => {
      ui = mount(sample());
      const table = ui.lines();
      await ui.press('?');
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          | Keys                                                                                              |
          |                                                                                                   |
          | ↑/↓ j/k g/G     move, first, last (PgUp/PgDn: a page)                                             |
          | n               new cassette (tab next field, ←/→ mode, enter create, esc cancel)                 |
          | e               edit description and mode                                                         |
          | d / Delete      delete (y confirms)                                                               |
          | /               filter as you type (enter keeps, esc clears)                                      |
          | s / S           sort by name, recorded, interactions / reverse                                    |
          | p               pause live updates (again to apply them)                                          |
          | r               re-list from the server                                                           |
          | enter           details and interactions, live (/ filter, f failures only)                        |
          | L               event log: the last 1 000 changes, connection changes and errors                  |
          | o / v           open the file in $VISUAL/$EDITOR / view it in $PAGER                              |
          | y / Y           copy the name / the file path (OSC 52: tmux needs set-clipboard on)               |
          | q / Ctrl-C      back (from the table: quit) / quit from anywhere                                  |
          | Ctrl-L          repaint the whole screen (after a garbled ssh link)                               |
          |                                                                                                   |
          | + ~ - ! ⚠       created, updated (12 +3: added), deleted, unreadable; secrets                     |
          ⋮
          | esc/q back                                                                                        |
          `,
        ),
      );
      await ui.press('x');
      expect(ui.lines()).toEqual(table);
    });

    it('Ctrl-L asks the terminal for a whole repaint from any view, and types nothing', async () => {
      ui = mount(sample());
      await ui.press('\u000c');
      expect(ui.terminal.repaint).toHaveBeenCalledTimes(1);
      await ui.press('n', '\u000c');
      expect(ui.terminal.repaint).toHaveBeenCalledTimes(2);
      expect(ui.lines()[3]).toBe('› Name          [▏]');
    });

    it('q and Ctrl-C quit', async () => {
      ui = mount(sample());
      await ui.press('q');
      expect(ui.quit).toHaveBeenCalledTimes(1);
      await ui.press(keys.ctrlC);
      expect(ui.quit).toHaveBeenCalledTimes(2);
    });

    it("q in the details or the help goes back to the table (as in mitmproxy); only the table's q quits", async () => {
      ui = mount(sample());
      const table = ui.lines();
      await ui.press(keys.enter, 'q');
      expect(ui.lines()).toEqual(table);
      await ui.press('?', 'q');
      expect(ui.lines()).toEqual(table);
      expect(ui.quit).not.toHaveBeenCalled();
      await ui.press('q');
      expect(ui.quit).toHaveBeenCalledTimes(1);
    });

    it('Ctrl-C quits from the details, the help and a form', async () => {
      ui = mount(sample());
      for (const open of [keys.enter, '?', 'n']) {
        await ui.press(open, keys.ctrlC);
        await ui.press(keys.escape);
      }
      expect(ui.quit).toHaveBeenCalledTimes(3);
    });
  });

  describe('columns', () => {
    function recorded(): FakeEngine {
      return new FakeEngine([
        summary('auth-login', {
          description: 'Login flow',
          interactions_count: 12,
          mode: 'record',
          size_bytes: 5210,
        }),
        summary('big-recording', {
          description: 'Nightly run',
          interactions_count: 4096,
          mode: 'replay',
          size_bytes: 2_000_000,
        }),
        // Upstream magneto-serge lists neither mode nor size.
        summary('from-upstream', { interactions_count: 3, mode: undefined, size_bytes: undefined }),
      ]);
    }

    it('show MODE and SIZE (human size) when the width allows, and drop them by priority as it narrows', async () => {
      ui = mount(recorded(), { columns: 100, rows: 10 });
      const table = (): string[] => ui?.lines().slice(1, 5) ?? [];
      expect(table()).toEqual(
        frame(
          { width: 99 },
          `
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            record              12   5.1 KiB  5m ago    |
          |   big-recording                 Nightly run           replay            4096   1.9 MiB  5m ago    |
          |   from-upstream                                       —                    3         —  5m ago    |
          `,
        ),
      );
      // The description shrinks first…
      ui.session.resize(92, 10);
      expect(table()).toEqual(
        frame(
          { width: 91 },
          `
          |   NAME ▲                    ⚠   DESCRIPTION             MODE      INTERACTIONS  RECORDED  |
          |›  auth-login                    Login flow              record              12  5m ago    |
          |   big-recording                 Nightly run             replay            4096  5m ago    |
          |   from-upstream                                         —                    3  5m ago    |
          `,
        ),
      );
      // …then SIZE goes…
      ui.session.resize(90, 10);
      expect(table()).toEqual(
        frame(
          { width: 89 },
          `
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS  RECORDED  |
          |›  auth-login                    Login flow            record              12  5m ago    |
          |   big-recording                 Nightly run           replay            4096  5m ago    |
          |   from-upstream                                       —                    3  5m ago    |
          `,
        ),
      );
      // …then MODE, then the description; NAME and the count stay to the end.
      ui.session.resize(80, 10);
      expect(table()).toEqual(
        frame(
          { width: 79 },
          `
          |   NAME ▲                    ⚠   DESCRIPTION           INTERACTIONS  RECORDED  |
          |›  auth-login                    Login flow                      12  5m ago    |
          |   big-recording                 Nightly run                   4096  5m ago    |
          |   from-upstream                                                  3  5m ago    |
          `,
        ),
      );
      ui.session.resize(50, 10);
      expect(table()).toEqual(
        frame(
          { width: 49 },
          `
          |   NAME ▲          ⚠     INTERACTIONS  RECORDED  |
          |›  auth-login                      12  5m ago    |
          |   big-recording                 4096  5m ago    |
          |   from-upstream                    3  5m ago    |
          `,
        ),
      );
      ui.session.resize(30, 10);
      expect(table()).toEqual(
        frame(
          { width: 29 },
          `
          |   NAME ▲           ⚠       #|
          |›  auth-login              12|
          |   big-recording         4096|
          |   from-upstream            3|
          `,
        ),
      );
    });

    it('shows the columns chosen with the columns option, in their order', async () => {
      ui = mount(recorded(), { columns: 80, rows: 10, tableColumns: ['name', 'size', 'mode'] });
      expect(ui.lines().slice(1, 5)).toEqual(
        frame(
          { width: 79 },
          `
          |   NAME ▲                                        SIZE  MODE                    |
          |›  auth-login                                 5.1 KiB  record                  |
          |   big-recording                              1.9 MiB  replay                  |
          |   from-upstream                                    —  —                       |
          `,
        ),
      );
    });
  });

  describe('wide characters', () => {
    it('keep the columns in line: after a cell the terminal may measure otherwise, the next starts at its column', async () => {
      ui = mount(
        new FakeEngine([
          summary('auth-login', { description: 'Login flow', interactions_count: 12 }),
          summary('deploy', { description: 'Deploy 🚀 done ✅ 👍🏽 👨‍👩‍👧 नमस्ते 日本語', interactions_count: 3 }),
          summary('日本語-api', { description: '東京のテスト', interactions_count: 7 }),
          summary('🚀-launch', { description: 'café crème', interactions_count: 1 }),
        ]),
        { columns: 80, rows: 12 },
      );
      // CJK and accented Latin are the same width everywhere: no realignment. The emoji
      // name and the mixed description are followed by erase-to-end and the next column.
      expect(ui.lines().slice(1, 6)).toEqual(
        frame(
          { width: 79 },
          `
          |   NAME ▲                    ⚠   DESCRIPTION           INTERACTIONS  RECORDED  |
          |›  auth-login                    Login flow                      12  5m ago    |
          |   deploy                        Deploy 🚀 done ✅…\u001b[K\u001b[52G               3  5m ago    |
          |   日本語-api                    東京のテスト                     7  5m ago    |
          |   🚀-launch               \u001b[K\u001b[28G      café crème                       1  5m ago    |
          `,
        ),
      );
    });
  });

  describe('terminal safety', () => {
    it('renders escape sequences from the server inert', async () => {
      ui = mount(sample());
      ui.engine.created(
        summary('evil', { description: '\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u001b[0m\r\nfake line' }),
      );
      await ui.settle();
      expect(ui.frame()).not.toMatch(/[\u001b\u0007\r]/);
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      3 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          | + evil                          red fake line         auto                 0     512 B  5m ago    |
          |   users-api                     Users service         auto                 7     512 B  5m ago    |
          ⋮
          | ✓ New cassette: evil                                                                              |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });

    it('keeps the markers without colour (NO_COLOR)', async () => {
      ui = mount(sample(), { color: false });
      ui.engine.created(summary('c-new'));
      ui.engine.updated(summary('users-api', { interactions_count: 99 }));
      ui.engine.deleted('auth-login');
      await ui.settle();
      expect(ui.frame()).not.toContain('\u001b[');
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          | - auth-login                    (deleted)             auto                12     512 B  5m ago    |
          |›+ c-new                                               auto                 0     512 B  5m ago    |
          | ~ users-api                                           auto            99 +92     512 B  5m ago    |
          ⋮
          | ✓ New cassette: c-new                                                                             |
          | ✓ Cassette updated: users-api (+92 interactions)                                                  |
          | ✓ Cassette deleted: auth-login                                                                    |
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });

    it('uses colour when asked', async () => {
      ui = mount(sample(), { color: true });
      ui.engine.created(summary('c-new'));
      await ui.settle();
      const bold = (s: string): string => `\u001b[1m${s}\u001b[22m`;
      const green = (s: string): string => `\u001b[32m${s}\u001b[39m`;
      const inverse = (s: string): string => `\u001b[7m${s}\u001b[27m`;
      const dim = (s: string): string => `\u001b[2m${s}\u001b[22m`;
      expect(ui.lines()).toEqual([
        ` ${bold('magneto-watch')}  ${green('● Live')}   web http://127.0.0.1:8889/   ./cassettes                      3 cassettes`,
        bold(
          cells(
            99,
            '|   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |',
          ),
        ),
        inverse(
          cells(
            99,
            '|›  auth-login                    Login flow            auto                12     512 B  5m ago    |',
          ),
        ),
        bold(
          green(
            cells(
              99,
              '| + c-new                                               auto                 0     512 B  5m ago    |',
            ),
          ),
        ),
        line(
          99,
          '|   users-api                     Users service         auto                 7     512 B  5m ago    |',
        ),
        ...Array.from({ length: 16 }, () => ''),
        ` ${green('✓')} New cassette: c-new`,
        dim(
          cells(
            99,
            '| n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |',
          ),
        ),
      ]);
    });

    it('fits 80×24: no line wider than 80, at most 23 lines', async () => {
      const engine = new FakeEngine(
        Array.from({ length: 60 }, (_, i) =>
          summary(`cassette-with-a-rather-long-name-${i}`, {
            description: 'd'.repeat(200),
            interactions_count: 123456,
          }),
        ),
      );
      ui = mount(engine, { columns: 80, rows: 24, notice: 'hosting ./cassettes on :8890 (8889 busy)' });
      engine.created(summary('x'.repeat(100)));
      engine.setStatus({ kind: 'reconnecting', attempt: 12, retryAt: T0 + 30_000 });
      await ui.settle();
      const S80 = { width: 79, height: 23 };
      const rows = Array.from(
        { length: 19 },
        () => '|   cassette-with-a-rather-…      ddddddddddddddddd…          123456  5m ago    |',
      );
      const table = frame(
        S80,
        `
        | magneto-watch  ◌ Reconnecting in 30s (attempt 12)                61 cassettes |
        |   NAME ▲                    ⚠   DESCRIPTION           INTERACTIONS  RECORDED  |
        |›  cassette-with-a-rather-…      ddddddddddddddddd…          123456  5m ago    |
        ${rows.slice(1).join('\n')}
        | ✓ New cassette: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…|
        | n new  e edit  d delete  / filter  enter details  L log  ? help  q quit       |
        `,
      );
      expect(ui.lines()).toEqual(table);
      await ui.press('n');
      expect(ui.lines()).toEqual(
        frame(
          S80,
          `
          | magneto-watch  ◌ Reconnecting in 30s (attempt 12)                61 cassettes |
          | New cassette                                                                  |
          |                                                                               |
          |› Name          [▏]                                                            |
          |                name is required                                               |
          |  Description   []                                                             |
          |  Mode          ‹auto›  record   replay                                        |
          |                                                                               |
          ⋮
          | ✓ New cassette: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…|
          | enter create  tab/↓ next field  ←/→ mode  ctrl-u clear field  esc cancel      |
          `,
        ),
      );
      await ui.press(keys.escape);
      expect(ui.lines()).toEqual(table);
      await ui.press('?');
      expect(ui.lines()).toEqual(
        frame(
          S80,
          `
          | magneto-watch  ◌ Reconnecting in 30s (attempt 12)                61 cassettes |
          | Keys                                                                          |
          |                                                                               |
          | ↑/↓ j/k g/G     move, first, last (PgUp/PgDn: a page)                         |
          | n               new cassette (tab next field, ←/→ mode, enter create, esc can…|
          | e               edit description and mode                                     |
          | d / Delete      delete (y confirms)                                           |
          | /               filter as you type (enter keeps, esc clears)                  |
          | s / S           sort by name, recorded, interactions / reverse                |
          | p               pause live updates (again to apply them)                      |
          | r               re-list from the server                                       |
          | enter           details and interactions, live (/ filter, f failures only)    |
          | L               event log: the last 1 000 changes, connection changes and err…|
          | o / v           open the file in $VISUAL/$EDITOR / view it in $PAGER          |
          | y / Y           copy the name / the file path (OSC 52: tmux needs set-clipboa…|
          | q / Ctrl-C      back (from the table: quit) / quit from anywhere              |
          | Ctrl-L          repaint the whole screen (after a garbled ssh link)           |
          |                                                                               |
          | + ~ - ! ⚠       created, updated (12 +3: added), deleted, unreadable; secrets |
          ⋮
          | ✓ New cassette: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…|
          | esc/q back                                                                    |
          `,
        ),
      );
      await ui.press('x');
      expect(ui.lines()).toEqual(table);
      await ui.press(keys.enter);
      expect(ui.lines()).toEqual(
        frame(
          S80,
          `
          | magneto-watch  ◌ Reconnecting in 30s (attempt 12)                61 cassettes |
          | cassette-with-a-rather-long-name-0                                            |
          | description   ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd…|
          | mode          auto    recorded 2025-10-27T10:00:00Z (5m ago)                  |
          | interactions  123456    size 512 B                                            |
          | file          ./cassettes/cassette-with-a-rather-long-name-0.json             |
          |                                                                               |
          | loading…                                                                      |
          ⋮
          | ✓ New cassette: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…|
          | j/k select  / filter  f failures  o open  v view  y copy name  esc/q back     |
          `,
        ),
      );
      // Whatever was shown on the way: never wider than the terminal, never taller than rows − 1.
      for (const screen of ui.screens) {
        const lines = screen.split('\n');
        expect(lines.length).toBeLessThanOrEqual(23);
        for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
      }
    });

    it('renders only the visible window and scrolls with the selection', async () => {
      const engine = new FakeEngine(
        Array.from({ length: 100 }, (_, i) => summary(`row-${String(i).padStart(3, '0')}`)),
      );
      ui = mount(engine, { rows: 12 });
      const row = line(
        99,
        '|   row-NNN                                             auto                 0     512 B  5m ago    |',
      );
      const window = (first: number, selected: number): string[] =>
        Array.from({ length: 8 }, (_, i) => {
          const n = first + i;
          const named = row.replace('NNN', String(n).padStart(3, '0'));
          return n === selected ? `›${named.slice(1)}` : named;
        });
      const header = line(
        99,
        '| magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                    100 cassettes |',
      );
      const columns = line(
        99,
        '|   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |',
      );
      const keyBar = line(
        99,
        '| n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |',
      );
      expect(ui.lines()).toEqual([header, columns, ...window(0, 0), keyBar]);
      await ui.press('G');
      expect(ui.lines()).toEqual([header, columns, ...window(92, 99), keyBar]);
      await ui.press('g');
      expect(ui.lines()).toEqual([header, columns, ...window(0, 0), keyBar]);
    });

    it('re-lays out on resize', async () => {
      ui = mount(sample(), { columns: 120, rows: 30 });
      expect(ui.lines()).toEqual(
        frame(
          { width: 119, height: 29 },
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                                          2 cassettes |
          |   NAME ▲                         ⚠   DESCRIPTION                          MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                         Login flow                           auto                12     512 B  5m ago    |
          |   users-api                          Users service                        auto                 7     512 B  5m ago    |
          ⋮
          | n new  e edit  d delete  / filter  s sort  p pause  r re-list  enter details  L log  o open  ? help  q quit           |
          `,
        ),
      );
      ui.session.resize(60, 15);
      expect(ui.lines()).toEqual(
        frame(
          { width: 59, height: 14 },
          `
          | magneto-watch  ● Live                         2 cassettes |
          |   NAME ▲        ⚠   DESCRIPTI…    INTERACTIONS  RECORDED  |
          |›  auth-login        Login flow              12  5m ago    |
          |   users-api         Users ser…               7  5m ago    |
          ⋮
          | n new  e edit  / filter  enter details  ? help  q quit    |
          `,
        ),
      );
    });
  });

  describe('frame rate', () => {
    it('draws at most ~30 frames per second whatever the event rate', async () => {
      ui = mount(sample());
      const before = ui.screens.length;
      for (let ms = 0; ms < 1000; ms++) {
        ui.engine.updated(summary('users-api', { interactions_count: ms }));
        await vi.advanceTimersByTimeAsync(1);
      }
      const drawn = ui.screens.length - before;
      expect(drawn).toBeGreaterThan(10);
      expect(drawn).toBeLessThanOrEqual(31);
      await ui.settle();
      expect(ui.lines()[3]).toBe(
        line(
          99,
          '| ~ users-api                                           auto          999 +999     512 B  5m ago    |',
        ),
      );
    });

    it('asks Ink for a layout only when the shape of the screen changes, not for every frame', async () => {
      ui = mount(sample());
      // Three updates fill the toast block (two toasts and "+N more"): its height stays 3.
      for (let i = 0; i < 3; i++) ui.engine.updated(summary('users-api', { interactions_count: 100 + i }));
      await ui.settle();
      const layouts = ui.ink.frames.length;
      const screens = ui.screens.length;
      for (let i = 0; i < 20; i++) {
        ui.engine.updated(summary('users-api', { interactions_count: i }));
        await ui.settle();
      }
      expect(ui.screens.length - screens).toBeGreaterThanOrEqual(20);
      expect(ui.ink.frames.length).toBe(layouts);
      expect(ui.lines()[3]).toBe(
        line(
          99,
          '| ~ users-api                                           auto            19 +19     512 B  5m ago    |',
        ),
      );
      // The toasts expire, then the "+N more" line: two shorter blocks, two new layouts.
      await ui.settle(TOAST_MS);
      expect(ui.ink.frames.length).toBe(layouts + 2);
      expect(ui.lines()).toEqual(
        frame(
          S,
          `
          | magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                      2 cassettes |
          |   NAME ▲                    ⚠   DESCRIPTION           MODE      INTERACTIONS      SIZE  RECORDED  |
          |›  auth-login                    Login flow            auto                12     512 B  5m ago    |
          |   users-api                                           auto                19     512 B  5m ago    |
          ⋮
          | n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit          |
          `,
        ),
      );
    });

    it('draws a key press within the frame-rate cap even when the CPU budget spaces frames out', async () => {
      ui = mount(sample(), { pacer: { delayAfter: () => 1000, keyDelay: () => 33 } });
      ui.engine.updated(summary('users-api', { interactions_count: 5 }));
      await ui.settle();
      expect(ui.lines().slice(2, 4)).toEqual([
        line(
          99,
          '|›  auth-login                    Login flow            auto                12     512 B  5m ago    |',
        ),
        line(
          99,
          '| ~ users-api                                           auto                 5     512 B  5m ago    |',
        ),
      ]);
      ui.engine.updated(summary('users-api', { interactions_count: 6 }));
      await ui.press('j');
      expect(ui.lines().slice(2, 4)).toEqual([
        line(
          99,
          '|   auth-login                    Login flow            auto                12     512 B  5m ago    |',
        ),
        line(
          99,
          '|›~ users-api                                           auto              6 +1     512 B  5m ago    |',
        ),
      ]);
    });
  });
});
