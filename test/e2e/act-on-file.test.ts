/**
 * The keys that act on a cassette's file (issue "Fits the hand": o, v, y, Y), on the real
 * bin in a pseudo-terminal: the editor and the pager are small scripts that record what
 * they were given and the terminal's mode; the clipboard is the OSC 52 sequence on the
 * pty's byte stream. Needs `npm run build` (dist/cli.js).
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Keys, spawnWatch, type PtySession } from '../helpers/pty.js';
import { cassetteJson } from '../helpers/sandbox.js';
import { rowNamed, statusLine } from '../helpers/screen-rows.js';
import { startServe } from '../helpers/serve-process.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { waitUntil } from '../helpers/wait-until.js';

const LIVE = (lines: string[]): boolean => statusLine(lines).includes('● Live');
const TIMEOUT = { timeout: 60_000 };

/**
 * A program standing in for an editor or a pager: it writes its label, its argument and
 * the terminal's mode (canonical input, echo) to `$MW_RECORD`, says it is ready, reads a
 * line from the terminal (proving it gets the keys), records it and exits. A SIGTERM is
 * recorded too.
 */
const RECORDER = `#!/bin/sh
{
  printf 'label=%s\\n' "$1"
  printf 'path=%s\\n' "$2"
  printf 'pid=%s\\n' "$$"
  printf 'mode=%s\\n' "$(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' ')"
} >> "$MW_RECORD"
trap 'printf "signal=TERM\\n" >> "$MW_RECORD"; exit 143' TERM
printf '%s READY\\n' "$1"
IFS= read -r line
printf 'typed=%s\\n' "$line" >> "$MW_RECORD"
`;

interface Fixture {
  /** The cassette directory: its name holds a space and a quote. */
  dir: string;
  recorder: string;
  record: string;
  url: string;
}

/** A served directory with auth-login and users-api, and the recorder script. */
async function setUp(): Promise<Fixture> {
  const root = await mkdtemp(join(tmpdir(), 'mw-act-'));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  const dir = join(root, "Bob's tapes");
  await mkdir(dir);
  for (const name of ['auth-login', 'users-api'])
    await writeFile(join(dir, `${name}.json`), cassetteJson(name, { description: `the ${name} flow` }));
  const recorder = join(root, 'recorder.sh');
  await writeFile(recorder, RECORDER);
  await chmod(recorder, 0o755);
  const serve = await startServe({ dir });
  return { dir, recorder, record: join(root, 'record.txt'), url: serve.url };
}

/** What the recorder wrote, one `key=value` a line, as an object per run. */
async function records(f: Fixture): Promise<Record<string, string>[]> {
  const text = await readFile(f.record, 'utf8');
  const runs: Record<string, string>[] = [];
  for (const line of text.split('\n').filter(Boolean)) {
    const at = line.indexOf('=');
    const [k, v] = [line.slice(0, at), line.slice(at + 1)];
    if (k === 'label') runs.push({});
    runs[runs.length - 1]![k] = v;
  }
  return runs;
}

async function start(f: Fixture, env: Record<string, string | undefined>, size = { cols: 120, rows: 30 }) {
  const t = await spawnWatch({
    args: ['--url', f.url],
    ...size,
    env: { VISUAL: undefined, EDITOR: undefined, PAGER: undefined, MW_RECORD: f.record, ...env },
  });
  await t.waitFor((l) => LIVE(l) && rowNamed(l, 'users-api') !== undefined);
  return t;
}

/** Selects users-api (the second row) and waits until the screen shows it. */
async function selectUsersApi(t: PtySession): Promise<string[]> {
  t.press('j');
  await t.waitFor((l) => rowNamed(l, 'users-api')?.selected === true);
  return t.screenText();
}

/** Waits for the program to be running with the terminal; the UI has left the alternate screen. */
async function programRunning(t: PtySession, label: string): Promise<void> {
  await t.waitFor(new RegExp(`${label} READY`));
  expect(t.isAlternateScreen()).toBe(false);
  expect(t.cursorHidden).toBe(false);
}

/** Whether process `pid` still runs (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('acting on the selected cassette file', () => {
  it(
    'o runs $EDITOR on the file with the terminal in cooked mode and every key, then the UI comes back whole and keys work',
    TIMEOUT,
    async () => {
      const f = await setUp();
      const t = await start(f, { EDITOR: `${f.recorder} editor` });
      const before = await selectUsersApi(t);
      t.press('o');
      await programRunning(t, 'editor');
      // q and j would quit and move the UI: here they are the editor's.
      t.type('hello q j');
      t.press(Keys.enter);
      await t.waitFor((l) => LIVE(l) && rowNamed(l, 'users-api')?.selected === true);
      expect(t.isAlternateScreen()).toBe(true);
      expect(t.cursorHidden).toBe(true);
      expect(t.screenText()).toEqual(before);
      expect(await records(f)).toEqual([
        {
          label: 'editor',
          path: join(f.dir, 'users-api.json'),
          pid: expect.stringMatching(/^\d+$/),
          mode: 'icanon echo ',
          typed: 'hello q j',
        },
      ]);
      t.press('k');
      await t.waitFor((l) => rowNamed(l, 'auth-login')?.selected === true);
      t.press('q');
      expect((await t.waitExit()).exitCode).toBe(0);
    },
  );

  it('$VISUAL wins over $EDITOR', TIMEOUT, async () => {
    const f = await setUp();
    const t = await start(f, { VISUAL: `${f.recorder} visual`, EDITOR: `${f.recorder} editor` });
    t.press('o');
    await programRunning(t, 'visual');
    t.press(Keys.enter);
    await t.waitFor((l) => LIVE(l) && t.isAlternateScreen());
    expect((await records(f)).map((r) => [r.label, r.path])).toEqual([
      ['visual', join(f.dir, 'auth-login.json')],
    ]);
    t.press('q');
    await t.waitExit();
  });

  it('v runs $PAGER from the details view, and the details view comes back', TIMEOUT, async () => {
    const f = await setUp();
    const t = await start(f, { PAGER: `${f.recorder} pager` });
    await selectUsersApi(t);
    t.press(Keys.enter);
    await t.waitFor((l) =>
      l.some(
        (x) =>
          x.trimEnd() ===
          ' j/k select  / filter  f failures  o open  v view  y copy name  Y copy path  esc/q back',
      ),
    );
    await t.waitFor(/GET|no interactions/);
    const details = t.screenText();
    t.press('v');
    await programRunning(t, 'pager');
    t.press(Keys.enter);
    await t.waitFor(() => t.isAlternateScreen() && t.screenText().join('\n') === details.join('\n'));
    expect((await records(f)).map((r) => [r.label, r.path, r.mode])).toEqual([
      ['pager', join(f.dir, 'users-api.json'), 'icanon echo '],
    ]);
    t.press('q');
    await t.waitFor((l) => rowNamed(l, 'users-api')?.selected === true);
    t.press('q');
    await t.waitExit();
  });

  it(
    'lays the UI out at the new size when the terminal was resized while the editor ran',
    TIMEOUT,
    async () => {
      const f = await setUp();
      const t = await start(f, { EDITOR: `${f.recorder} editor` });
      t.press('o');
      await programRunning(t, 'editor');
      t.resize(80, 24);
      t.press(Keys.enter);
      await t.waitFor(
        (l) =>
          l.length === 24 &&
          l[22]?.trimEnd() === ' n new  e edit  d delete  / filter  enter details  L log  ? help  q quit',
      );
      expect(statusLine(t.screenText()).length).toBeLessThanOrEqual(80);
      t.press('q');
      await t.waitExit();
    },
  );

  it('says in one toast line when the editor cannot start, and the UI stays', TIMEOUT, async () => {
    const f = await setUp();
    const t = await start(f, { EDITOR: '/nonexistent/magneto-editor --wait' });
    const before = t.screenText();
    t.press('o');
    await t.waitFor((l) =>
      l.some(
        (x) =>
          x.trimEnd() ===
          ' ✕ cannot run "/nonexistent/magneto-editor --wait" ($VISUAL/$EDITOR): command not found',
      ),
    );
    expect(t.isAlternateScreen()).toBe(true);
    const after = t.screenText();
    expect(after.filter((l, i) => l !== before[i])).toEqual([
      ' ✕ cannot run "/nonexistent/magneto-editor --wait" ($VISUAL/$EDITOR): command not found',
    ]);
    t.press('j');
    await t.waitFor((l) => rowNamed(l, 'users-api')?.selected === true);
    t.press('q');
    await t.waitExit();
  });

  it(
    'leaves Ctrl-C to the editor while it runs: the UI stays and says how the editor ended',
    TIMEOUT,
    async () => {
      const f = await setUp();
      const t = await start(f, { EDITOR: `${f.recorder} editor` });
      t.press('o');
      await programRunning(t, 'editor');
      t.press(Keys.ctrlC);
      await t.waitFor((l) => l.some((x) => ` ✕ ${f.recorder} editor exited with status 130` === x.trimEnd()));
      expect(t.hasExited).toBe(false);
      expect(t.isAlternateScreen()).toBe(true);
      t.press('q');
      expect((await t.waitExit()).exitCode).toBe(0);
    },
  );

  it(
    'ends the editor when the UI is told to quit (SIGTERM) while it runs, and gives the terminal back',
    TIMEOUT,
    async () => {
      const f = await setUp();
      const t = await start(f, { EDITOR: `${f.recorder} editor` });
      t.press('o');
      await programRunning(t, 'editor');
      const pid = Number((await records(f))[0]?.pid);
      expect(alive(pid)).toBe(true);
      t.kill('SIGTERM');
      await t.waitExit();
      expect(t.isAlternateScreen()).toBe(false);
      await waitUntil(() => !alive(pid), `the editor (pid ${pid}) to end`, 10_000);
      // SIGTERM from the UI, not the SIGHUP a terminal's end would send.
      expect((await records(f))[0]?.signal).toBe('TERM');
    },
  );

  it(
    'y and Y put the name and the absolute path on the clipboard through OSC 52, and say so',
    TIMEOUT,
    async () => {
      const f = await setUp();
      const t = await start(f, {});
      await selectUsersApi(t);
      t.press('y');
      const name = `\u001b]52;c;${b64('users-api')}\u0007`;
      await t.waitForRaw((raw) => raw.includes(name));
      await t.waitFor((l) => l.some((x) => x.trimEnd() === ' ✓ Copied users-api'));
      t.press('Y');
      const path = join(f.dir, 'users-api.json');
      await t.waitForRaw((raw) => raw.includes(`\u001b]52;c;${b64(path)}\u0007`));
      await t.waitFor((l) => l.some((x) => x.trimEnd() === ` ✓ Copied ${path}`));
      expect(t.rawBytes().split('\u001b]52;').length - 1).toBe(2);
      t.press('q');
      await t.waitExit();
    },
  );

  it(
    'against a server that does not say where its files are (upstream), o, v and Y say why and are not offered',
    TIMEOUT,
    async () => {
      const upstream = await startFakeUpstream({
        cassettes: [{ name: 'from-rust', recordedAt: '2025-10-01T12:00:00Z', interactionCount: 4 }],
      });
      onTestFinished(() => upstream.close());
      const t = await spawnWatch({
        args: ['--url', upstream.url],
        cols: 120,
        rows: 30,
        env: { EDITOR: 'false' },
      });
      await t.waitFor((l) => /Polling/.test(statusLine(l)) && rowNamed(l, 'from-rust') !== undefined);
      expect(t.screenText()[28]?.trimEnd()).toBe(
        ' d delete  / filter  s sort  p pause  r re-list  enter details  L log  ? help  q quit',
      );
      t.press('o');
      await t.waitFor((l) =>
        l.some(
          (x) =>
            x.trimEnd() ===
            ' ✕ cannot open the file: the server does not say where its files are (a magneto-watch server on this machine does)',
        ),
      );
      t.press('y');
      await t.waitForRaw((raw) => raw.includes(`\u001b]52;c;${b64('from-rust')}\u0007`));
      expect(t.rawBytes().split('\u001b]52;').length - 1).toBe(1);
      t.press('q');
      await t.waitExit();
    },
  );
});
