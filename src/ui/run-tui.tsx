import { render } from 'ink';
import type { SyncEngine } from '../client/types.js';
import { systemClock, type Clock, type TimerHandle } from '../protocol/clock.js';
import { parseColumns } from './render/layout.js';
import { FrameSink } from './screen/frame-sink.js';
import { createLineWriter } from './screen/line-writer.js';
import { budgetPacer } from './screen/pacer.js';
import { ENTER_SEQUENCE, LEAVE_SEQUENCE } from './screen/terminal.js';
import type { Launcher } from './screen/external.js';
import { realTerminal } from './terminal-actions.js';
import { startSession } from './session.js';
import type { UiState } from './state/types.js';

export interface TuiOptions {
  /** Started and stopped by the caller; the TUI only subscribes and calls its actions. */
  engine: SyncEngine;
  /** @default process.stdin */
  stdin?: NodeJS.ReadStream;
  /** @default process.stdout */
  stdout?: NodeJS.WriteStream;
  /** Server URL shown on the status line. */
  urlLabel: string;
  /**
   * The cassette directory on this machine, when known (the embedded host's): shown on the
   * status line, and where `o`, `v` and `Y` find files. @default engine.info.dir (Hello)
   */
  dirLabel?: string;
  /** `false` under NO_COLOR; markers still carry the meaning. @default stdout.hasColors() */
  color?: boolean;
  /** Time of day, the frame timer and the resize debounce. @default systemClock */
  clock?: Clock;
  /**
   * Shown on the status line, e.g. "hosting on :8890 (8889 busy)"; a function is read at
   * every frame, so the line can change (an attached terminal that takes over hosting).
   */
  notice?: string | (() => string | undefined);
  /** The first sort (the config file's `sort`, `--sort`); `s`/`S` change it. @default by name */
  sort?: UiState['sort'];
  /**
   * The columns the table shows, by name in any case (see `columnsProblem`; NAME is always
   * shown, first), from the config file's `columns` or `--columns`; the command line
   * has checked the names. @default every column that fits
   */
  columns?: string[];
  /** What `o` opens a cassette with: `$VISUAL`, else `$EDITOR`. @default 'vi' */
  editor?: string;
  /** What `v` shows a cassette with: `$PAGER`. @default 'less' */
  pager?: string;
  /** Runs the editor or the pager. @default spawnLauncher (screen/external.ts) */
  launch?: Launcher;
}

/** The process-wide events run-tui listens to, injected for tests. */
export interface TuiHost {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** Real terminal resizes are coalesced this long before a full repaint. */
const RESIZE_DEBOUNCE_MS = 50;
const QUIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs the terminal UI on the alternate screen until the user quits (q, Ctrl-C) or a
 * SIGINT/SIGTERM/SIGHUP arrives; then restores the terminal and resolves. Ink lays out
 * into a {@link FrameSink}; the session's screens go through the line writer, so only
 * changed lines reach the terminal. A crash (uncaught exception or rejection) and
 * `process.exit` also restore the terminal on their way out.
 */
export async function runTui(options: TuiOptions, host: TuiHost = process): Promise<void> {
  // Checked before the terminal is taken over: a refused option leaves it as it was.
  const tableColumns = options.columns === undefined ? undefined : parseColumns(options.columns);
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const writer = createLineWriter(stdout);
  const sink = new FrameSink(stdout);
  const color = options.color ?? (typeof stdout.hasColors === 'function' ? stdout.hasColors() : true);

  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    sink.close();
    try {
      if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
    } catch {
      // stdin may already be gone; the screen still has to come back.
    }
    stdout.write(LEAVE_SEQUENCE);
  };

  const clock = options.clock ?? systemClock;
  let resizeTimer: TimerHandle | undefined;
  const onResize = (): void => {
    if (resizeTimer !== undefined) clock.clearTimeout(resizeTimer);
    resizeTimer = clock.setTimeout(() => {
      resizeTimer = undefined;
      // While a program has the terminal the size is read again when it exits.
      if (terminal.suspended) return;
      writer.invalidate();
      session.resize(stdout.columns || 80, stdout.rows || 24);
    }, RESIZE_DEBOUNCE_MS);
  };

  let quit: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    quit = resolve;
  });

  const terminal = realTerminal({
    stdin,
    stdout,
    writer,
    screen: () => session.screen(),
    resize: () => session.resize(stdout.columns || 80, stdout.rows || 24),
    ...(options.launch !== undefined ? { launch: options.launch } : {}),
    ...(options.editor !== undefined ? { editor: options.editor } : {}),
    ...(options.pager !== undefined ? { pager: options.pager } : {}),
  });

  stdout.write(ENTER_SEQUENCE);
  const session = startSession(
    {
      engine: options.engine,
      urlLabel: options.urlLabel,
      ...(options.dirLabel !== undefined ? { dirLabel: options.dirLabel } : {}),
      ...(options.notice !== undefined ? { notice: options.notice } : {}),
      ...(tableColumns !== undefined ? { tableColumns } : {}),
      ...(options.sort !== undefined ? { sort: options.sort } : {}),
      clock,
      color,
      columns: stdout.columns || 80,
      rows: stdout.rows || 24,
      pacer: budgetPacer({ takeBytes: () => writer.takeBytes() }),
      onScreen: (screen) => {
        if (!terminal.suspended) writer.write(screen);
      },
      onQuit: () => quit(),
      terminal,
    },
    (node) => {
      const ink = render(node, {
        stdout: sink as unknown as NodeJS.WriteStream,
        stdin,
        debug: true,
        exitOnCtrlC: false,
        patchConsole: false,
      });
      return { rerender: ink.rerender, unmount: ink.unmount, lastFrame: () => sink.lastFrame };
    },
  );

  // While the editor or pager runs, Ctrl-C is its own (less stops a search with it).
  const onSignal = (signal: unknown): void => {
    if (!(signal === 'SIGINT' && terminal.interruptIsTheProgram())) quit();
  };
  const onCrash = (): void => restore();
  stdout.on('resize', onResize);
  for (const s of QUIT_SIGNALS) host.on(s, onSignal);
  host.on('uncaughtExceptionMonitor', onCrash);
  host.on('exit', onCrash);

  try {
    await done;
  } finally {
    stdout.off('resize', onResize);
    for (const s of QUIT_SIGNALS) host.off(s, onSignal);
    host.off('uncaughtExceptionMonitor', onCrash);
    host.off('exit', onCrash);
    if (resizeTimer !== undefined) clock.clearTimeout(resizeTimer);
    terminal.close();
    sink.close();
    session.close();
    restore();
  }
}
