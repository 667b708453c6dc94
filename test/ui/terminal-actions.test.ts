import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Launcher } from '../../src/ui/screen/external.js';
import { createLineWriter } from '../../src/ui/screen/line-writer.js';
import { ENTER_SEQUENCE, LEAVE_SEQUENCE } from '../../src/ui/screen/terminal.js';
import { realTerminal, type RealTerminal } from '../../src/ui/terminal-actions.js';
import { deferred } from '../helpers/fake-engine.js';
import { FakeStdin } from '../helpers/fake-stdin.js';

/**
 * realTerminal on a recording stdout and a fake stdin; the launcher is injected (the real
 * one runs in test/e2e/act-on-file.test.ts). `log` holds, in order, what reached the
 * terminal and what the launcher saw.
 */
function setUp(launch: Launcher, o: { editor?: string; pager?: string } = {}) {
  const log: string[] = [];
  const stdout = { write: (t: string) => (log.push(t), true) } as unknown as NodeJS.WriteStream;
  const stdin = new FakeStdin();
  let screen = 'table';
  const terminal: RealTerminal = realTerminal({
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout,
    writer: createLineWriter({
      write: (t: string) => void log.push(`frame:${t.includes(screen) ? screen : t}`),
    }),
    screen: () => screen,
    resize: () => log.push('resize'),
    launch: (command, path, signal) => {
      log.push(`launch ${command} ${path} suspended=${terminal.suspended} raw=${stdin.raw.at(-1)}`);
      return launch(command, path, signal);
    },
    ...o,
  });
  return { log, stdin, terminal, setScreen: (s: string) => (screen = s) };
}

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-term-'));
  file = join(dir, 'users-api.json');
  await writeFile(file, '{}');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the real terminal runs a program on a file', () => {
  it('leaves the screen and raw mode, runs it suspended, then takes the screen back and repaints it whole', async () => {
    const t = setUp(() => Promise.resolve(0), { editor: 'nano' });
    await t.terminal.open('editor', file);
    expect(t.log).toEqual([
      LEAVE_SEQUENCE,
      `launch nano ${file} suspended=true raw=false`,
      ENTER_SEQUENCE,
      'resize',
      'frame:table',
    ]);
    expect(t.stdin.raw).toEqual([false, true]);
    expect(t.terminal.suspended).toBe(false);
  });

  it('runs vi and less when no editor or pager is set', async () => {
    const t = setUp(() => Promise.resolve(0));
    await t.terminal.open('editor', file);
    await t.terminal.open('pager', file);
    expect(t.log.filter((l) => l.startsWith('launch'))).toEqual([
      `launch vi ${file} suspended=true raw=false`,
      `launch less ${file} suspended=true raw=false`,
    ]);
  });

  it('refuses a file that is not on this machine without touching the terminal', async () => {
    const t = setUp(() => Promise.resolve(0));
    const missing = join(dir, 'elsewhere.json');
    await expect(t.terminal.open('editor', missing)).rejects.toThrow(
      `${missing} is not on this machine (is the server elsewhere?)`,
    );
    expect(t.log).toEqual([]);
  });

  it('says in one sentence why a program did not exit 0, after taking the screen back', async () => {
    for (const [status, program, sentence] of [
      [127, 'editor', 'cannot run "ed it" ($VISUAL/$EDITOR): command not found'],
      [126, 'pager', 'cannot run "pg" ($PAGER): not executable'],
      [3, 'editor', 'ed it exited with status 3'],
    ] as const) {
      const t = setUp(() => Promise.resolve(status), { editor: 'ed it', pager: 'pg' });
      await expect(t.terminal.open(program, file)).rejects.toThrow(sentence);
      expect(t.log.slice(-3)).toEqual([ENTER_SEQUENCE, 'resize', 'frame:table']);
    }
  });

  it('ends a running program when the UI quits, and leaves the terminal to run-tui', async () => {
    const exit = deferred<number>();
    const started = deferred<void>();
    let aborted: AbortSignal | undefined;
    const t = setUp((_c, _p, signal) => {
      aborted = signal;
      started.resolve();
      return exit.promise;
    });
    const run = t.terminal.open('editor', file);
    await started.promise;
    expect(t.terminal.suspended).toBe(true);
    t.terminal.close();
    expect(aborted?.aborted).toBe(true);
    exit.resolve(143);
    await run;
    expect(t.log).toEqual([LEAVE_SEQUENCE, `launch vi ${file} suspended=true raw=false`]);
  });

  describe("tells run-tui whether a SIGINT is the program's (Ctrl-C in cooked mode reaches us too)", () => {
    it("is the program's while it runs, and quits again once it has exited", async () => {
      const exit = deferred<number>();
      const started = deferred<void>();
      const t = setUp(() => (started.resolve(), exit.promise));
      const run = t.terminal.open('editor', file).catch(() => undefined);
      await started.promise;
      expect(t.terminal.interruptIsTheProgram()).toBe(true);
      exit.resolve(130);
      await run;
      expect(t.terminal.interruptIsTheProgram()).toBe(false);
    });

    it('takes the SIGINT that ended the program as its own when its exit was seen first, once', async () => {
      const t = setUp(() => Promise.resolve(130));
      await expect(t.terminal.open('editor', file)).rejects.toThrow('vi exited with status 130');
      expect([t.terminal.interruptIsTheProgram(), t.terminal.interruptIsTheProgram()]).toEqual([true, false]);
    });

    it('leaves every SIGINT to quit the UI when no program ran or it ended otherwise', async () => {
      const t = setUp(() => Promise.resolve(0));
      expect(t.terminal.interruptIsTheProgram()).toBe(false);
      await t.terminal.open('editor', file);
      expect(t.terminal.interruptIsTheProgram()).toBe(false);
    });
  });
});
