import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { alreadyExists, descriptionProblem, nameProblem } from '../../../src/protocol/index.js';
import { FLASH_MS, FADE_STEP_MS, FADE_STEPS, TOAST_MS, TOMBSTONE_MS } from '../../../src/ui/state/timing.js';
import { FakeEngine, summary } from '../../helpers/fake-engine.js';
import { keys, mount } from '../../helpers/mount.js';

const T0 = Date.parse('2025-10-27T10:05:00Z');
const line = (frame: string, name: string): string =>
  frame.split('\n').find((l) => l.includes(` ${name} `)) ?? '';

function sample(): FakeEngine {
  return new FakeEngine([
    summary('auth-login', { description: 'Login flow', interactions_count: 12 }),
    summary('users-api', { description: 'Users service', interactions_count: 7 }),
  ]);
}

let ui: ReturnType<typeof mount> | undefined;
beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  ui?.close();
  ui = undefined;
  vi.useRealTimers();
});

describe('app', () => {
  describe('status line', () => {
    const cases: [Parameters<FakeEngine['setStatus']>[0], string][] = [
      [{ kind: 'live' }, '● Live'],
      [{ kind: 'connecting' }, '◌ Connecting…'],
      [{ kind: 'reconnecting', attempt: 3, retryAt: T0 + 4000 }, '◌ Reconnecting in 4s (attempt 3)'],
      [{ kind: 'polling', intervalMs: 2000 }, '◌ Polling (server has no /ws)'],
      [{ kind: 'failed', reason: '401 unauthorized' }, '✕ 401 unauthorized'],
    ];
    for (const [status, text] of cases) {
      it(`shows ${text}`, async () => {
        ui = mount(sample(), { columns: 120 });
        ui.engine.setStatus(status);
        await ui.settle();
        expect(ui.lines()[0]).toContain(text);
        expect(ui.lines()[0]).toContain('http://127.0.0.1:8889');
        expect(ui.lines()[0]).toContain('./cassettes');
        expect(ui.lines()[0]).toContain('2 cassettes');
      });
    }

    it('counts the reconnect delay down', async () => {
      ui = mount(sample());
      ui.engine.setStatus({ kind: 'reconnecting', attempt: 3, retryAt: T0 + 4000 });
      await ui.settle(2000);
      expect(ui.lines()[0]).toContain('Reconnecting in 2s (attempt 3)');
    });

    it('shows ⏸ Paused (N pending) while paused', async () => {
      ui = mount(sample());
      await ui.press('p');
      ui.engine.created(summary('x'));
      ui.engine.deleted('users-api');
      await ui.settle();
      expect(ui.lines()[0]).toContain('⏸ Paused (2 pending)');
      expect(ui.frame()).not.toContain(' x ');
      await ui.press('p');
      expect(ui.lines()[0]).toContain('● Live');
      expect(line(ui.frame(), 'x')).toMatch(/^ \+ x /);
      expect(line(ui.frame(), 'users-api')).toMatch(/^ - users-api/);
    });
  });

  describe('notice', () => {
    it('reads a notice function at every frame (hosting after a takeover)', async () => {
      let notice: string | undefined = 'attached to the server on :8889';
      ui = mount(sample(), { columns: 120, notice: () => notice });
      await ui.settle();
      expect(ui.lines()[0]).toContain('attached to the server on :8889');
      notice = 'hosting (took over)';
      ui.engine.setStatus({ kind: 'reconnecting', attempt: 1, retryAt: T0 + 1000 });
      ui.engine.setStatus({ kind: 'live' });
      await ui.settle();
      expect(ui.lines()[0]).toContain('hosting (took over)');
      expect(ui.lines()[0]).not.toContain('attached');
    });
  });

  describe('live changes', () => {
    it('shows a created row with + and the toast "New cassette: x", then fades to normal', async () => {
      ui = mount(sample());
      ui.engine.created(summary('payments-new', { description: 'Stripe sandbox' }));
      await ui.settle();
      expect(line(ui.frame(), 'payments-new')).toMatch(/^ \+ payments-new\s+Stripe sandbox/);
      expect(ui.frame()).toContain('✓ New cassette: payments-new');
      await ui.settle(FLASH_MS + FADE_STEPS * FADE_STEP_MS);
      expect(line(ui.frame(), 'payments-new')).toMatch(/^ {3}payments-new/);
      await ui.settle(TOAST_MS);
      expect(ui.frame()).not.toContain('New cassette');
    });

    it('marks an updated row with ~ and says "Cassette updated: x"', async () => {
      ui = mount(sample());
      ui.engine.updated(
        summary('users-api', { description: 'Users service (updated)', interactions_count: 8 }),
      );
      await ui.settle();
      expect(line(ui.frame(), 'users-api')).toMatch(/^ ~ users-api\s+Users service \(updated\)\s+8/);
      expect(ui.frame()).toContain('Cassette updated: users-api');
    });

    it('keeps a deleted row as a - tombstone, then removes it', async () => {
      ui = mount(sample());
      ui.engine.deleted('users-api');
      await ui.settle();
      expect(line(ui.frame(), 'users-api')).toMatch(/^ - users-api\s+\(deleted\)/);
      expect(ui.frame()).toContain('Cassette deleted: users-api');
      await ui.settle(TOMBSTONE_MS);
      expect(line(ui.frame(), 'users-api')).toBe('');
      expect(ui.lines()[0]).toContain('1 cassette');
    });

    it('folds a burst into "+N more changes"', async () => {
      ui = mount(sample());
      for (let i = 0; i < 10; i++) ui.engine.created(summary(`burst-${i}`));
      await ui.settle();
      expect(ui.frame()).toContain('+8 more changes');
      expect(ui.frame().match(/New cassette/g)).toHaveLength(2);
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
      expect(line(ui.frame(), 'new-one')).toMatch(/^ \+ new-one/);
      expect(line(ui.frame(), 'users-api')).toMatch(/^ - users-api/);
      expect(line(ui.frame(), 'auth-login')).toMatch(/^› {2}auth-login/);
    });

    it('keeps the selection on the same cassette when rows are inserted above it', async () => {
      ui = mount(sample());
      await ui.press(keys.down);
      expect(line(ui.frame(), 'users-api')).toMatch(/^› {2}users-api/);
      ui.engine.created(summary('aaa'));
      ui.engine.created(summary('bbb'));
      await ui.settle();
      expect(line(ui.frame(), 'users-api')).toMatch(/^›/);
      expect(line(ui.frame(), 'auth-login')).toMatch(/^ /);
    });
  });

  describe('delete', () => {
    it('asks, and y deletes the cassette locked when d was pressed', async () => {
      ui = mount(sample());
      await ui.press('d');
      expect(ui.frame()).toContain("Delete cassette 'auth-login'? (y/N)");
      ui.engine.created(summary('aaa-first'));
      await ui.settle();
      await ui.press('y');
      expect(ui.engine.removes.map((c) => c.args.name)).toEqual(['auth-login']);
      expect(line(ui.frame(), 'auth-login')).toContain('deleting…');
      ui.engine.removes[0]?.result.resolve();
      ui.engine.deleted('auth-login');
      await ui.settle();
      expect(line(ui.frame(), 'auth-login')).toMatch(/^ - auth-login\s+\(deleted\)/);
    });

    it('cancels on any other key', async () => {
      ui = mount(sample());
      await ui.press(keys.delete);
      expect(ui.frame()).toContain("Delete cassette 'auth-login'? (y/N)");
      await ui.press('x');
      expect(ui.frame()).not.toContain('Delete cassette');
      expect(ui.engine.removes).toEqual([]);
    });

    it('restores the row with an error toast when remove() fails', async () => {
      ui = mount(sample());
      await ui.press('d', 'y');
      expect(line(ui.frame(), 'auth-login')).toContain('deleting…');
      ui.engine.removes[0]?.result.reject(new Error('500 io_error'));
      await ui.settle();
      expect(line(ui.frame(), 'auth-login')).toContain('Login flow');
      expect(ui.frame()).toContain('✕ delete failed: 500 io_error');
    });
  });

  describe('create form', () => {
    it('validates the name while typing, including "already exists"', async () => {
      ui = mount(sample());
      await ui.press('n');
      expect(ui.frame()).toContain('New cassette');
      expect(ui.frame()).toContain('name is required');
      await ui.type('bad name');
      expect(ui.frame()).toContain('name may only contain letters, digits, - and _');
      await ui.press(...Array.from({ length: 8 }, () => keys.backspace));
      await ui.type('users-api');
      expect(ui.frame()).toContain('already exists');
      await ui.press(keys.enter);
      expect(ui.engine.creates).toEqual([]);
    });

    it("shows the protocol's sentences, the ones the server answers", async () => {
      ui = mount(sample());
      await ui.press('n');
      expect(ui.frame()).toContain(nameProblem(''));
      await ui.type('a.b');
      expect(ui.frame()).toContain(`✕ ${nameProblem('a.b')}`);
      await ui.press(keys.backspace, keys.backspace, keys.backspace);
      await ui.type('users-api');
      expect(ui.frame()).toContain(`✕ ${alreadyExists('users-api').message}`);
    });

    it('refuses a description over 1 000 characters: the sentence shows and Enter does not submit', async () => {
      const long = 'x'.repeat(1001);
      ui = mount(sample());
      await ui.press('n');
      await ui.type('long-one');
      await ui.press(keys.tab, long);
      expect(ui.frame()).toContain(`✕ ${descriptionProblem(long)}`);
      expect(ui.frame()).toContain('✓'); // the name itself is fine
      await ui.press(keys.enter);
      expect(ui.engine.creates).toEqual([]);
      await ui.press(keys.backspace);
      expect(ui.frame()).not.toContain(descriptionProblem(long));
      await ui.press(keys.enter);
      expect(ui.engine.creates[0]?.args).toEqual({
        name: 'long-one',
        description: long.slice(1),
        mode: 'auto',
      });
    });

    it('submits name, description and mode from any field with Enter', async () => {
      ui = mount(sample());
      await ui.press('n');
      await ui.type('payments');
      await ui.press(keys.tab);
      await ui.type('Stripe');
      await ui.press(keys.down, keys.right, keys.right);
      expect(ui.frame()).toContain('‹replay›');
      await ui.press(keys.enter);
      expect(ui.engine.creates[0]?.args).toEqual({ name: 'payments', description: 'Stripe', mode: 'replay' });
      ui.engine.creates[0]?.result.resolve(summary('payments'));
      await ui.settle();
      expect(ui.frame()).not.toContain('New cassette\n');
      expect(ui.frame()).toContain('NAME');
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
      expect(ui.frame()).toContain('✕ cassette already exists');
    });

    it('Esc cancels', async () => {
      ui = mount(sample());
      await ui.press('n');
      await ui.press(keys.escape);
      expect(ui.frame()).toContain('NAME');
    });

    it('says when the server cannot create cassettes', async () => {
      ui = mount(sample());
      ui.engine.push({
        type: 'server',
        info: { flavor: 'upstream-hydra', canCreate: false, canUpdate: false },
      });
      await ui.settle();
      await ui.press('n');
      expect(ui.frame()).toContain('this server cannot create cassettes');
      expect(ui.frame()).toContain('NAME');
    });
  });

  describe('edit form', () => {
    it('refuses a description over 1 000 characters: the sentence shows and Enter does not submit', async () => {
      const long = 'y'.repeat(1001);
      ui = mount(sample());
      await ui.press('e', '\u0015', long);
      expect(ui.frame()).toContain(`✕ ${descriptionProblem(long)}`);
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
      expect(ui.frame()).toContain('[Login flow▏]');
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
      expect(line(ui.frame(), 'auth-login')).toBe('');
      expect(line(ui.frame(), 'users-api')).not.toBe('');
      expect(ui.lines()[0]).toContain('1/2 cassettes');
      await ui.press(keys.enter);
      expect(line(ui.frame(), 'auth-login')).toBe('');
      await ui.press('/', keys.escape);
      expect(line(ui.frame(), 'auth-login')).not.toBe('');
    });

    it('s cycles the sort and S reverses it', async () => {
      ui = mount(sample());
      await ui.press('s', 's');
      expect(ui.lines()[1]).toContain('INTERACTIONS ▼');
      expect(ui.lines()[2]).toContain('auth-login');
      await ui.press('S');
      expect(ui.lines()[2]).toContain('users-api');
    });
  });

  describe('details', () => {
    it('shows the summary and interactions, Esc goes back', async () => {
      ui = mount(sample());
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
      expect(ui.frame()).toMatch(/POST\s+200\s+42ms\s+https:\/\/api\.example\.com\/login/);
      // Column headings sit over their columns.
      const heading = ui.lines().find((l) => l.includes('METHOD')) ?? '';
      const row = ui.lines().find((l) => l.includes('POST')) ?? '';
      expect(heading.indexOf('#')).toBe(row.indexOf('0'));
      expect(heading.indexOf('METHOD')).toBe(row.indexOf('POST'));
      expect(heading.indexOf('URL')).toBe(row.indexOf('https:'));
      expect(ui.frame()).not.toContain('\u001b');
      await ui.press(keys.escape);
      expect(ui.frame()).toContain('NAME');
    });
  });

  describe('help and quit', () => {
    it('? shows the help overlay, any key closes it', async () => {
      ui = mount(sample());
      await ui.press('?');
      expect(ui.frame()).toContain('Keys');
      await ui.press('x');
      expect(ui.frame()).toContain('NAME');
    });

    it('q and Ctrl-C quit', async () => {
      ui = mount(sample());
      await ui.press('q');
      expect(ui.quit).toHaveBeenCalledTimes(1);
      await ui.press(keys.ctrlC);
      expect(ui.quit).toHaveBeenCalledTimes(2);
    });
  });

  describe('terminal safety', () => {
    it('renders escape sequences from the server inert', async () => {
      ui = mount(sample());
      ui.engine.created(
        summary('evil', { description: '\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u001b[0m\r\nfake line' }),
      );
      await ui.settle();
      const frame = ui.frame();
      expect(frame).not.toMatch(/[\u001b\u0007\r]/);
      expect(line(frame, 'evil')).toContain('red fake line');
      expect(frame.split('\n')).toHaveLength(23);
    });

    it('keeps the markers without colour (NO_COLOR)', async () => {
      ui = mount(sample(), { color: false });
      ui.engine.created(summary('c-new'));
      ui.engine.updated(summary('users-api', { interactions_count: 99 }));
      ui.engine.deleted('auth-login');
      await ui.settle();
      const frame = ui.frame();
      expect(frame).not.toContain('\u001b[');
      expect(line(frame, 'c-new')).toMatch(/^[ ›]\+/);
      expect(line(frame, 'users-api')).toMatch(/^ ~/);
      expect(line(frame, 'auth-login')).toMatch(/^ -/);
    });

    it('uses colour when asked', async () => {
      ui = mount(sample(), { color: true });
      ui.engine.created(summary('c-new'));
      await ui.settle();
      expect(line(ui.frame(), 'c-new')).toContain('\u001b[32m');
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
      for (const frame of [
        ui.frame(),
        ...(await framesAfter(ui, ['n', keys.escape, '?', 'x', keys.enter])),
      ]) {
        const lines = frame.split('\n');
        expect(lines.length).toBeLessThanOrEqual(23);
        for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
      }
    });

    it('renders only the visible window and scrolls with the selection', async () => {
      const engine = new FakeEngine(
        Array.from({ length: 100 }, (_, i) => summary(`row-${String(i).padStart(3, '0')}`)),
      );
      ui = mount(engine, { rows: 12 });
      expect(ui.frame()).toContain('row-000');
      expect(ui.frame()).not.toContain('row-050');
      await ui.press('G');
      expect(line(ui.frame(), 'row-099')).toMatch(/^›/);
      expect(ui.frame()).not.toContain('row-000');
      expect(ui.lines()).toHaveLength(11);
      await ui.press('g');
      expect(line(ui.frame(), 'row-000')).toMatch(/^›/);
    });

    it('re-lays out on resize', async () => {
      ui = mount(sample(), { columns: 120, rows: 30 });
      expect(ui.lines()).toHaveLength(29);
      ui.session.resize(60, 15);
      expect(ui.lines()).toHaveLength(14);
      for (const l of ui.lines()) expect(l.length).toBeLessThanOrEqual(60);
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
      expect(line(ui.frame(), 'users-api')).toContain('999');
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
      expect(line(ui.frame(), 'users-api')).toContain('19');
      // The toasts expire, then the "+N more" line: two shorter blocks, two new layouts.
      await ui.settle(TOAST_MS);
      expect(ui.ink.frames.length).toBe(layouts + 2);
      expect(ui.lines()).toHaveLength(23);
      expect(ui.lines().at(-1)).toContain('n new');
      expect(line(ui.frame(), 'users-api')).toMatch(/^ {3}users-api/);
    });

    it('draws a key press within the frame-rate cap even when the CPU budget spaces frames out', async () => {
      ui = mount(sample(), { pacer: { delayAfter: () => 1000, keyDelay: () => 33 } });
      ui.engine.updated(summary('users-api', { interactions_count: 5 }));
      await ui.settle();
      expect(line(ui.frame(), 'users-api')).toContain('5');
      ui.engine.updated(summary('users-api', { interactions_count: 6 }));
      await ui.press('j');
      expect(line(ui.frame(), 'users-api')).toMatch(/^›/);
      expect(line(ui.frame(), 'users-api')).toContain('6');
    });
  });
});

async function framesAfter(ui: ReturnType<typeof mount>, inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    await ui.press(input);
    out.push(ui.frame());
  }
  return out;
}
