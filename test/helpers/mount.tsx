import { render } from 'ink-testing-library';
import { afterEach, beforeEach, vi } from 'vitest';
import { startSession, type SessionOptions } from '../../src/ui/session.js';
import type { TerminalActions } from '../../src/ui/terminal-actions.js';
import { deferred, FakeEngine, type Deferred } from './fake-engine.js';

export const keys = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  backspace: '\u007F',
  delete: '\u001B[3~',
  ctrlC: '\u0003',
} as const;

/** Frame clock step that always lets one frame through. */
export const FRAME = 40;

/** A terminal that records what the UI asked of it; `open` resolves when the test says. */
export function fakeTerminal() {
  const opened: { program: 'editor' | 'pager'; path: string; done: Deferred<void> }[] = [];
  const terminal = {
    repaint: vi.fn(),
    copy: vi.fn<(text: string) => void>(),
    opened,
    open(program: 'editor' | 'pager', path: string): Promise<void> {
      const done = deferred<void>();
      opened.push({ program, path, done });
      return done.promise;
    },
  } satisfies TerminalActions & Record<string, unknown>;
  return terminal;
}

/**
 * Mounts the UI on a fake engine under fake timers (the caller enables them), on a
 * {@link fakeTerminal}. `press` types keys and lets the next frame render.
 */
export function mount(engine = new FakeEngine(), options: Partial<SessionOptions> = {}) {
  const quit = vi.fn();
  const terminal = fakeTerminal();
  let r!: ReturnType<typeof render>;
  /** Every screen the session drew, one per frame. */
  const screens: string[] = [];
  let closed = false;
  const session = startSession(
    {
      engine,
      urlLabel: 'http://127.0.0.1:8889',
      dirLabel: './cassettes',
      color: false,
      columns: 100,
      rows: 24,
      onQuit: quit,
      onScreen: (screen) => screens.push(screen),
      terminal,
      ...options,
    },
    (node) => {
      r = render(node);
      return r;
    },
  );
  // Ink's own frame holds line markers; the screen is what the session puts in their place.
  const frame = (): string => session.screen();
  return {
    engine,
    session,
    quit,
    terminal,
    ink: r,
    screens,
    frame,
    lines: (): string[] => frame().split('\n'),
    async press(...inputs: string[]): Promise<void> {
      for (const input of inputs) {
        r.stdin.write(input);
        await vi.advanceTimersByTimeAsync(FRAME);
      }
    },
    async type(text: string): Promise<void> {
      for (const ch of text) {
        r.stdin.write(ch);
        await vi.advanceTimersByTimeAsync(1);
      }
      await vi.advanceTimersByTimeAsync(FRAME);
    },
    async settle(ms = FRAME): Promise<void> {
      await vi.advanceTimersByTimeAsync(ms);
    },
    close(): void {
      if (closed) return;
      closed = true;
      session.close();
    },
  };
}

/**
 * {@link mount} for a test file on fake time from `now`: registers the hooks that start the
 * fake clock before each test and, after it, close every session the test mounted and go
 * back to real time.
 */
export function mountOnFakeTime(now: number): typeof mount {
  const mounted: Array<ReturnType<typeof mount>> = [];
  beforeEach(() => {
    vi.useFakeTimers({ now });
  });
  afterEach(() => {
    for (const m of mounted.splice(0)) m.close();
    vi.useRealTimers();
  });
  return (engine, options) => {
    const m = mount(engine, options);
    mounted.push(m);
    return m;
  };
}
