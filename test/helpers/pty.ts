/**
 * End-to-end harness: runs the real bin (`node bin/magneto-watch.js …`) in a pseudo-terminal
 * and feeds its output into a headless xterm, so tests assert on what a user would see.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import pty from 'node-pty';
import xterm from '@xterm/headless';

/** Repository root (two levels above test/helpers). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The installed entry point, as `npx magneto-watch` runs it. `MW_E2E_BIN` points the
 * end-to-end tests at another build (e.g. a deliberately broken copy, to see them fail).
 */
export const BIN = process.env.MW_E2E_BIN ?? join(ROOT, 'bin', 'magneto-watch.js');

/** Key sequences as a terminal sends them. */
export const Keys = {
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  backspace: '\x7f',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  ctrlC: '\x03',
} as const;

export type ScreenPredicate = RegExp | ((lines: string[]) => boolean);

export interface PtyOptions {
  /** Arguments after `node bin/magneto-watch.js`. */
  args: string[];
  /** @default 120 */
  cols?: number;
  /** @default 30 */
  rows?: number;
  /** Working directory; a fresh temp dir (removed at the end) when omitted. */
  cwd?: string;
  /** Extra environment; TERM is always xterm-256color. */
  env?: Record<string, string | undefined>;
  /** Default timeout of `waitFor`. @default 15000 */
  timeoutMs?: number;
}

export interface PtyExit {
  exitCode: number;
  signal?: number;
}

export interface PtySession {
  readonly pid: number;
  readonly cwd: string;
  /** Visible lines of the active buffer, right-trimmed. */
  screenText(): string[];
  /**
   * Line `y` cell by cell, as the terminal laid it out: one string per column (`' '` when
   * blank), `''` for the second column of a wide character. Where text sits by the
   * terminal's own width rules.
   */
  cells(y: number): string[];
  /** The visible screen as one string, for failure messages. */
  dump(): string;
  /**
   * Resolves once the screen matches (a RegExp is tested against the joined lines).
   * Re-checked after every chunk the terminal has parsed; rejects with the screen on timeout.
   */
  waitFor(predicate: ScreenPredicate, timeoutMs?: number): Promise<void>;
  /** Resolves once `predicate` holds of everything written to the pty so far. */
  waitForRaw(predicate: (raw: string) => boolean, timeoutMs?: number): Promise<void>;
  press(keys: string): void;
  /** Types `text` one key at a time (as separate writes, like a human). */
  type(text: string): void;
  resize(cols: number, rows: number): void;
  /** Everything the program wrote to the pty, unparsed. */
  rawBytes(): string;
  /**
   * Feeds `data` to the terminal as if it had arrived on the line without the program
   * writing it (noise on a bad ssh link, another process writing to the tty).
   */
  garble(data: string): Promise<void>;
  /** Window titles the program set (OSC 0/2); a hostile string must never get here. */
  readonly titles: string[];
  /** Resolves with the exit, or rejects with the screen after `timeoutMs`. */
  waitExit(timeoutMs?: number): Promise<PtyExit>;
  isAlternateScreen(): boolean;
  /** DECTCEM state as the terminal sees it (`ESC[?25l` hides, `ESC[?25h` shows). */
  readonly cursorHidden: boolean;
  kill(signal?: NodeJS.Signals): void;
  readonly exited: Promise<PtyExit>;
  readonly hasExited: boolean;
  /** Kills the process (if alive) and frees the terminal; idempotent. */
  dispose(): Promise<void>;
}

function matches(predicate: ScreenPredicate, lines: string[]): boolean {
  return typeof predicate === 'function' ? predicate(lines) : predicate.test(lines.join('\n'));
}

/** Registers `fn` to run when the current test ends; no-op outside a test. */
export function cleanupAfterTest(fn: () => Promise<void> | void): void {
  try {
    onTestFinished(async () => {
      await fn();
    });
  } catch {
    // Not inside a running test (e.g. beforeAll): the caller disposes explicitly.
  }
}

/** Spawns the bin in a pty. Cleaned up when the calling test finishes. */
export async function spawnWatch(options: PtyOptions): Promise<PtySession> {
  const cols = options.cols ?? 120;
  const rows = options.rows ?? 30;
  const defaultTimeout = options.timeoutMs ?? 15_000;
  const ownCwd = options.cwd === undefined;
  const cwd = options.cwd ?? (await mkdtemp(join(tmpdir(), 'mw-pty-')));

  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...options.env })) {
    if (v !== undefined) env[k] = v;
  }
  env.TERM = 'xterm-256color';
  delete env.CI; // some libraries change behaviour on CI; the user's terminal has none
  const child = pty.spawn(process.execPath, [BIN, ...options.args], {
    name: 'xterm-256color',
    cols,
    rows,
    cwd,
    env,
  });

  let raw = '';
  const titles: string[] = [];
  term.onTitleChange((t) => titles.push(t));
  let exitInfo: PtyExit | undefined;
  const checks = new Set<() => void>();
  const recheck = (): void => {
    for (const check of [...checks]) check();
  };
  child.onData((data) => {
    raw += data;
    // Check once xterm has parsed the chunk, so the screen reflects it.
    term.write(data, recheck);
  });
  const exited = new Promise<PtyExit>((resolve) => {
    child.onExit(({ exitCode, signal }) => {
      exitInfo = { exitCode, ...(signal ? { signal } : {}) };
      // Let pending writes land in xterm before the final checks.
      term.write('', () => {
        resolve(exitInfo as PtyExit);
        recheck();
      });
    });
  });

  const screenText = (): string[] => {
    const buf = term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < term.rows; y++)
      lines.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return lines;
  };
  const cells = (y: number): string[] => {
    const buf = term.buffer.active;
    const line = buf.getLine(buf.viewportY + y);
    return Array.from({ length: term.cols }, (_, x) => {
      const cell = line?.getCell(x);
      if (cell?.getWidth() === 0) return '';
      return cell?.getChars() || ' ';
    });
  };
  const dump = (): string =>
    screenText()
      .map((l, i) => `${String(i).padStart(2)}|${l}`)
      .join('\n');

  function waitUntil(test: () => boolean, describe: () => string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = (): void => {
        let ok = false;
        try {
          ok = test();
        } catch (error) {
          finish();
          reject(error as Error);
          return;
        }
        if (ok) {
          finish();
          resolve();
        } else if (exitInfo) {
          finish();
          reject(new Error(`process exited (${JSON.stringify(exitInfo)}) before ${describe()}\n${dump()}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}; screen:\n${dump()}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        checks.delete(check);
      };
      checks.add(check);
      check();
    });
  }

  let disposed = false;
  const session: PtySession = {
    pid: child.pid,
    cwd,
    screenText,
    cells,
    dump,
    waitFor: (predicate, timeoutMs = defaultTimeout) =>
      waitUntil(
        () => matches(predicate, screenText()),
        () => String(predicate),
        timeoutMs,
      ),
    waitForRaw: (predicate, timeoutMs = defaultTimeout) =>
      waitUntil(
        () => predicate(raw),
        () => String(predicate),
        timeoutMs,
      ),
    press: (keys) => {
      if (!exitInfo) child.write(keys);
    },
    type: (text) => {
      for (const ch of text) if (!exitInfo) child.write(ch);
    },
    resize: (c, r) => {
      term.resize(c, r);
      if (!exitInfo) child.resize(c, r);
    },
    rawBytes: () => raw,
    garble: (data) => new Promise<void>((resolve) => term.write(data, resolve)),
    titles,
    waitExit: async (timeoutMs = defaultTimeout) => {
      await waitUntil(
        () => exitInfo !== undefined,
        () => 'the process to exit',
        timeoutMs,
      ).catch((error: Error) => {
        // waitUntil rejects on exit too; only a timeout is an error here.
        if (exitInfo === undefined) throw error;
      });
      return exited;
    },
    isAlternateScreen: () => term.buffer.active.type === 'alternate',
    get cursorHidden(): boolean {
      const core = (term as unknown as { _core?: { coreService?: { isCursorHidden?: boolean } } })._core;
      const hidden = core?.coreService?.isCursorHidden;
      if (typeof hidden === 'boolean') return hidden;
      return raw.lastIndexOf('\x1b[?25l') > raw.lastIndexOf('\x1b[?25h');
    },
    kill: (signal = 'SIGTERM') => {
      if (!exitInfo) child.kill(signal);
    },
    exited,
    get hasExited(): boolean {
      return exitInfo !== undefined;
    },
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      if (!exitInfo) {
        child.kill('SIGKILL');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
      }
      term.dispose();
      if (ownCwd) await rm(cwd, { recursive: true, force: true });
    },
  };
  cleanupAfterTest(() => session.dispose());
  return session;
}

/** The column (0-based) where `text` (one character per column) starts in `cells`, or -1. */
export function columnOf(cells: readonly string[], text: string): number {
  const chars = [...text];
  for (let x = 0; x + chars.length <= cells.length; x++)
    if (chars.every((ch, i) => cells[x + i] === ch)) return x;
  return -1;
}
