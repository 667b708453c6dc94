import { access } from 'node:fs/promises';
import type { LineWriter } from './screen/line-writer.js';
import {
  clipboardSequence,
  spawnLauncher,
  startReading,
  stopReading,
  type Launcher,
} from './screen/external.js';
import { ENTER_SEQUENCE, LEAVE_SEQUENCE, REPAINT_SEQUENCE } from './screen/terminal.js';

/**
 * What the UI asks of the terminal it runs on, beyond drawing frames: run-tui provides it
 * for the real terminal, tests hand in a fake (architecture.md §2).
 */
export interface TerminalActions {
  /**
   * Forgets what the terminal shows, clears it and draws the whole screen again (Ctrl-L,
   * after a garbled ssh link or another program wrote over the screen).
   */
  repaint(): void;
  /** Puts `text` on the clipboard, through the terminal (OSC 52): over ssh and in tmux too. */
  copy(text: string): void;
  /**
   * Runs the editor or the pager on `path` with the terminal, the UI suspended meanwhile,
   * and repaints when it exits. Rejects with one readable sentence.
   */
  open(program: 'editor' | 'pager', path: string): Promise<void>;
}

export interface RealTerminalOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  writer: LineWriter;
  /** The screen of the last frame. */
  screen: () => string;
  /** Reads the terminal's size again (it may have changed while a program ran). */
  resize: () => void;
  /** `$VISUAL` or `$EDITOR`. @default 'vi' */
  editor?: string;
  /** `$PAGER`. @default 'less' */
  pager?: string;
  /** Runs the program with the terminal. @default spawnLauncher (screen/external.ts) */
  launch?: Launcher;
}

export interface RealTerminal extends TerminalActions {
  /** A program runs on the terminal: the UI must not write, Ctrl-C belongs to the program. */
  readonly suspended: boolean;
  /**
   * Whether a SIGINT is the program's: sent while it ran (Ctrl-C in cooked mode goes to the
   * whole foreground process group), or the one that ended it (status 130) arriving after
   * its exit, which the event loop may see first. The UI, in raw mode, gets Ctrl-C as a key,
   * so any other SIGINT was sent to quit it.
   */
  interruptIsTheProgram(): boolean;
  /**
   * The UI is quitting (SIGTERM, SIGHUP): ends a program still running on the terminal
   * rather than leaving it there without its parent, and gives the terminal back as it is.
   */
  close(): void;
}

function setRaw(stdin: NodeJS.ReadStream, on: boolean): void {
  if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(on);
}

/**
 * One sentence for a program that did not exit 0. sh exits 127 when it cannot find the
 * command and 126 when it cannot run it (POSIX, Shell Command Language §2.8.2); its own
 * message went to the main screen, which the UI has just covered again.
 */
function exitProblem(command: string, program: 'editor' | 'pager', status: number): string {
  const which = program === 'editor' ? '$VISUAL/$EDITOR' : '$PAGER';
  if (status === 127) return `cannot run ${JSON.stringify(command)} (${which}): command not found`;
  if (status === 126) return `cannot run ${JSON.stringify(command)} (${which}): not executable`;
  return `${command} exited with status ${status}`;
}

/** The status of a program ended by SIGINT, as spawnLauncher reports it (128 + 2). */
const SIGINT_STATUS = 130;

/** {@link TerminalActions} on a real terminal. */
export function realTerminal(o: RealTerminalOptions): RealTerminal {
  let suspended = false;
  /** A SIGINT came while the program ran. */
  let interruptSeen = false;
  /** The program ended by SIGINT and that signal has not reached us yet. */
  let interruptLate = false;
  let running: AbortController | undefined;
  let closed = false;
  const repaint = (): void => {
    o.writer.invalidate();
    o.resize();
    o.writer.write(o.screen());
  };
  return {
    get suspended() {
      return suspended;
    },
    repaint() {
      o.stdout.write(REPAINT_SEQUENCE);
      repaint();
    },
    interruptIsTheProgram() {
      if (suspended) return (interruptSeen = true);
      if (!interruptLate) return false;
      interruptLate = false;
      return true;
    },
    close() {
      closed = true;
      running?.abort();
    },
    copy(text) {
      o.stdout.write(clipboardSequence(text));
    },
    async open(program, path) {
      if (suspended) throw new Error('a program is already running');
      const command = (program === 'editor' ? o.editor : o.pager) ?? (program === 'editor' ? 'vi' : 'less');
      try {
        await access(path);
      } catch {
        throw new Error(`${path} is not on this machine (is the server elsewhere?)`);
      }
      // The program gets the terminal as a shell would give it: main screen, cursor shown,
      // autowrap on, cooked mode, and every key (this process stops reading).
      suspended = true;
      interruptSeen = false;
      interruptLate = false;
      o.stdout.write(LEAVE_SEQUENCE);
      setRaw(o.stdin, false);
      stopReading(o.stdin);
      let status: number;
      running = new AbortController();
      try {
        status = await (o.launch ?? spawnLauncher)(command, path, running.signal);
      } finally {
        running = undefined;
        suspended = false;
        // Quitting: run-tui gives the terminal back; the UI does not take it again.
        if (!closed) {
          startReading(o.stdin);
          setRaw(o.stdin, true);
          o.stdout.write(ENTER_SEQUENCE);
          repaint();
        }
      }
      if (status === SIGINT_STATUS && !interruptSeen) interruptLate = true;
      if (status !== 0 && !closed) throw new Error(exitProblem(command, program, status));
    },
  };
}
