/**
 * Two real terminals on one server, as a user sees them: the bundled bin in node-pty,
 * its output parsed by a headless xterm. Needs `npm run build` (dist/cli.js).
 */
import { createServer } from 'node:net';
import { mkdir, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Keys, spawnWatch, type PtySession } from '../helpers/pty.js';
import { cassetteJson, BAD_FIXTURES, makeSandbox } from '../helpers/sandbox.js';
import { rowNamed, screenRows, statusLine } from '../helpers/screen-rows.js';
import { startServe } from '../helpers/serve-process.js';

const LIVE = (lines: string[]): boolean => statusLine(lines).includes('● Live');
const RECONNECTING = (lines: string[]): boolean => /Reconnecting/.test(statusLine(lines));
/** The filter line at the bottom while typing a filter. */
const FILTER_PROMPT = (lines: string[]): boolean => lines.some((l) => l.trimStart().startsWith('/▏'));
const has =
  (name: string) =>
  (lines: string[]): boolean =>
    rowNamed(lines, name) !== undefined;
const hasNot =
  (name: string) =>
  (lines: string[]): boolean =>
    screenRows(lines).length > 0 && rowNamed(lines, name) === undefined;

async function dirNames(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** The rows shown equal the directory (names, in the default name order). */
function showsExactly(names: string[]) {
  return (lines: string[]): boolean =>
    JSON.stringify(screenRows(lines).map((r) => r.name)) === JSON.stringify(names) && LIVE(lines);
}

/** After `q`, the terminal is back: main screen, cursor visible, the last mode change leaves the alternate screen. */
async function expectRestored(t: PtySession, how: () => void): Promise<void> {
  how();
  const exit = await t.waitExit(15_000);
  expect(exit.exitCode, t.dump()).toBe(0);
  expect(t.isAlternateScreen()).toBe(false);
  expect(t.cursorHidden).toBe(false);
  const raw = t.rawBytes();
  const leave = raw.lastIndexOf('\x1b[?1049l');
  expect(leave, 'leaves the alternate screen').toBeGreaterThan(raw.lastIndexOf('\x1b[?1049h'));
  // Nothing after leaving but "show cursor" and attribute resets.
  expect(raw.slice(leave + '\x1b[?1049l'.length).replace(/\x1b\[\?25h|\x1b\[0?m/g, '')).toBe('');
}

describe('multi-terminal', () => {
  it(
    "two terminals see each other's changes live, survive a server kill -9, and restore the terminal",
    { timeout: 120_000 },
    async () => {
      const box = await makeSandbox({ fixtures: true });
      onTestFinished(() => box.remove());
      const serve = await startServe({ dir: box.dir });
      const a = await spawnWatch({ args: ['--url', serve.url], cols: 120, rows: 30 });
      const b = await spawnWatch({ args: ['--url', serve.url], cols: 120, rows: 30 });
      await Promise.all([a.waitFor(LIVE), b.waitFor(LIVE)]);
      await Promise.all([a.waitFor(has('victim')), b.waitFor(has('victim'))]);

      // Create in A with keys.
      a.press('n');
      await a.waitFor(/New cassette/);
      a.type('brand-new');
      await a.waitFor(/\[brand-new▏\]/);
      a.press(Keys.enter);
      await a.waitFor(has('brand-new'));
      // Caught on the first frame that shows the row: a created row flashes `+`.
      await b.waitFor((l) => rowNamed(l, 'brand-new')?.marker === '+');
      await b.waitFor(/New cassette: brand-new/);

      // Edit in B: filter to the row, `e`, type, Enter.
      b.press('/');
      await b.waitFor(FILTER_PROMPT);
      b.type('brand-new');
      await b.waitFor((l) => screenRows(l).length === 1);
      b.press(Keys.enter);
      await b.waitFor(/filter: brand-new/);
      expect(rowNamed(b.screenText(), 'brand-new')?.selected).toBe(true);
      b.press('e');
      await b.waitFor(/Edit cassette brand-new/);
      b.type('edited in B');
      await b.waitFor(/edited in B▏/);
      b.press(Keys.enter);
      await b.waitFor((l) => rowNamed(l, 'brand-new')?.rest.includes('edited in B') === true);
      await a.waitFor((l) => {
        const row = rowNamed(l, 'brand-new');
        return row?.marker === '~' && row.rest.includes('edited in B');
      });

      // Delete in B with d, y: gone from A (after its tombstone).
      b.press('d');
      await b.waitFor(/Delete cassette 'brand-new'\? \(y\/N\)/);
      b.press('y');
      await a.waitFor((l) => rowNamed(l, 'brand-new')?.marker === '-'); // the tombstone
      await a.waitFor(hasNot('brand-new'));
      await b.waitFor(/Cassette deleted: brand-new|brand-new/);
      expect(await dirNames(box.dir)).not.toContain('brand-new');
      b.press(Keys.escape); // clear the filter
      await b.waitFor(has('victim'));

      // kill -9 the server: both say so; change files meanwhile; restart on the same port.
      await serve.kill9();
      await Promise.all([a.waitFor(RECONNECTING), b.waitFor(RECONNECTING)]);
      await unlink(join(box.dir, 'victim.json'));
      await writeFile(
        join(box.dir, 'while-down.json'),
        cassetteJson('while-down', { description: 'written while the server was down' }),
      );
      await writeFile(
        join(box.dir, 'github-users.json'),
        cassetteJson('github-users', { description: 'rewritten while down' }),
      );
      await serve.restart();
      const expected = await dirNames(box.dir);
      await Promise.all([
        a.waitFor(showsExactly(expected), 30_000),
        b.waitFor(showsExactly(expected), 30_000),
      ]);
      expect(rowNamed(a.screenText(), 'github-users')?.rest).toContain('rewritten while down');
      expect(statusLine(a.screenText())).toMatch(new RegExp(`${expected.length} cassettes`));

      await expectRestored(a, () => a.press('q'));
      await expectRestored(b, () => b.press(Keys.ctrlC));
    },
  );

  it('restores the terminal on SIGTERM', { timeout: 60_000 }, async () => {
    const box = await makeSandbox();
    onTestFinished(() => box.remove());
    const serve = await startServe({ dir: box.dir });
    const t = await spawnWatch({ args: ['--url', serve.url], cols: 80, rows: 24 });
    await t.waitFor(LIVE);
    expect(t.isAlternateScreen()).toBe(true);
    expect(t.cursorHidden).toBe(true);
    await expectRestored(t, () => t.kill('SIGTERM'));
  });

  it(
    'fits every frame to the terminal after resizes (never taller than rows - 1)',
    { timeout: 60_000 },
    async () => {
      const box = await makeSandbox({ fixtures: true });
      onTestFinished(() => box.remove());
      const serve = await startServe({ dir: box.dir });
      const t = await spawnWatch({ args: ['--url', serve.url], cols: 80, rows: 24 });
      await t.waitFor((l) => LIVE(l) && has('victim')(l));
      const fits =
        (cols: number, rows: number) =>
        (lines: string[]): boolean =>
          lines.length === rows &&
          lines[rows - 1] === '' &&
          /n new/.test(lines[rows - 2] ?? '') &&
          LIVE(lines) &&
          lines.every((l) => l.length <= cols);
      expect(fits(80, 24)(t.screenText()), t.dump()).toBe(true);
      for (const [cols, rows] of [
        [100, 12],
        [60, 10],
        [120, 30],
      ] as const) {
        t.resize(cols, rows);
        await t.waitFor(fits(cols, rows));
        expect(screenRows(t.screenText()).length).toBeLessThanOrEqual(rows - 4);
      }
      t.press('q');
      await t.waitExit();
    },
  );

  it('never lets a control character from a cassette reach the terminal', { timeout: 60_000 }, async () => {
    const box = await makeSandbox();
    onTestFinished(() => box.remove());
    await writeFile(
      join(box.dir, 'ansi-injection.json'),
      await import('node:fs/promises').then((fs) => fs.readFile(join(BAD_FIXTURES, 'ansi-injection.json'))),
    );
    const serve = await startServe({ dir: box.dir });
    const t = await spawnWatch({ args: ['--url', serve.url], cols: 120, rows: 30 });
    await t.waitFor(has('ansi-injection'));
    // Live too: a file written while watching, with escapes in the description and a long name.
    await writeFile(
      join(box.dir, 'live-evil.json'),
      cassetteJson('live-evil', {
        description:
          '\u001b]0;pwned\u0007\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\\u001b[1A\u001b[2K\u009b2J\rgone',
      }),
    );
    await t.waitFor(has('live-evil'));
    await t.waitFor(/New cassette: live-evil/);
    // Details view of the hostile row.
    t.press('/');
    await t.waitFor(FILTER_PROMPT);
    t.type('ansi');
    await t.waitFor((l) => screenRows(l).length === 1);
    t.press(Keys.enter);
    await t.waitFor(/filter: ansi/);
    expect(rowNamed(t.screenText(), 'ansi-injection')?.selected).toBe(true);
    t.press(Keys.enter);
    // The details view (the table's row says "red fake line" too).
    await t.waitFor(/description {3}red fake line/);

    const raw = t.rawBytes();
    expect(raw).not.toContain('\x1b]0;pwned');
    expect(raw).not.toContain('pwned\x07');
    expect(raw, 'no BEL').not.toContain('\x07');
    expect(raw, 'no OSC at all').not.toContain('\x1b]');
    expect(raw, 'no C1 CSI').not.toContain('\u009b');
    expect(t.titles.filter((x) => x.includes('pwned'))).toEqual([]);
    // The stripped text is still shown, on one line.
    const lines = t.screenText();
    expect(
      lines.some((l) => l.includes('red') && l.includes('fake line')),
      t.dump(),
    ).toBe(true);
    t.press('q'); // back to the table
    await t.waitFor(/NAME/);
    t.press('q');
    await t.waitExit();
  });

  it(
    'hosts on 127.0.0.1:8889 by default; a second terminal attaches, and takes over when the first quits',
    { timeout: 120_000 },
    async (ctx) => {
      if (!(await portFree(8889))) {
        ctx.skip('127.0.0.1:8889 is busy: the embedded-default test needs it free');
        return;
      }
      const cwd = await mkdtemp(join(tmpdir(), 'mw-embedded-'));
      onTestFinished(() => rm(cwd, { recursive: true, force: true }));
      await mkdir(join(cwd, 'cassettes'));
      for (const n of ['first', 'second'])
        await writeFile(join(cwd, 'cassettes', `${n}.json`), cassetteJson(n));
      const env = { MAGNETO_URL: undefined, MAGNETO_CASSETTE_DIR: undefined, MAGNETO_TOKEN: undefined };

      const host = await spawnWatch({ args: [], cwd, env, cols: 120, rows: 30 });
      await host.waitFor((l) => LIVE(l) && has('second')(l));
      expect(statusLine(host.screenText())).toContain('127.0.0.1:8889');
      const health = await request('http://127.0.0.1:8889/health');
      expect(health.statusCode).toBe(200);
      await health.body.dump();

      const guest = await spawnWatch({ args: [], cwd, env, cols: 120, rows: 30 });
      await guest.waitFor((l) => LIVE(l) && has('second')(l));
      expect(statusLine(guest.screenText())).toContain('127.0.0.1:8889');

      await expectRestored(host, () => host.press('q'));
      // The guest notices, takes over hosting the same directory, and is live again.
      await guest.waitFor((l) => !LIVE(l), 15_000);
      await guest.waitFor((l) => LIVE(l) && has('second')(l), 30_000);
      await writeFile(join(cwd, 'cassettes', 'third.json'), cassetteJson('third'));
      await guest.waitFor(has('third'));
      const after = await request('http://127.0.0.1:8889/api/cassettes');
      expect(after.statusCode).toBe(200);
      const names = ((await after.body.json()) as { 'hydra:member': { name: string }[] })['hydra:member'].map(
        (m) => m.name,
      );
      expect(names).toEqual(['first', 'second', 'third']);
      await expectRestored(guest, () => guest.press('q'));
    },
  );
});

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
