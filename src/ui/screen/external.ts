import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * Runs `command` (the user's `$VISUAL`, `$EDITOR` or `$PAGER`, which may hold arguments,
 * e.g. `code --wait`) on `path` with the terminal, and resolves with its exit status
 * (128 + the signal's number when a signal ended it, as a shell reports it). Aborting
 * `signal` ends the program with SIGTERM (the UI is quitting).
 * Rejects with one readable sentence when it cannot be started.
 */
export type Launcher = (command: string, path: string, signal?: AbortSignal) => Promise<number>;

/**
 * How to start `command` on `path`. On POSIX through `sh -c 'exec <command> "$1"'`, as git
 * runs `$EDITOR` (and less its `v`, with `exec`): the command keeps its own arguments and
 * quoting, and the path travels as `$1`, never through the shell's parsing. `exec` makes the
 * program this process's own child, not a grandchild behind a waiting sh (dash does not do
 * it by itself), so that ending the child when the UI must quit ends the editor. A command
 * that starts with variable assignments (`TERM=xterm vim`) cannot follow `exec` and runs
 * without it. Windows has no sh: the command is split on spaces.
 */
export function commandLine(
  command: string,
  path: string,
  platform: NodeJS.Platform = process.platform,
): { file: string; args: string[] } {
  if (platform === 'win32') {
    const [file = command, ...args] = command.trim().split(/\s+/);
    return { file, args: [...args, path] };
  }
  const assigns = /^\s*[A-Za-z_][A-Za-z0-9_]*=/.test(command);
  return { file: '/bin/sh', args: ['-c', `${assigns ? '' : 'exec '}${command} "$1"`, 'magneto-watch', path] };
}

/** Starts the command on the real terminal (stdio inherited) and waits for its exit. */
export const spawnLauncher: Launcher = (command, path, signal) =>
  new Promise<number>((resolve, reject) => {
    const { file, args } = commandLine(command, path);
    // The command line execs the program, so the signal's SIGTERM reaches the editor itself.
    const child = spawn(file, args, { stdio: 'inherit', ...(signal ? { signal } : {}) });
    child.once('error', (e) => {
      // An abort also ends in 'exit', with the signal's status.
      if (!signal?.aborted) reject(new Error(`cannot run ${JSON.stringify(command)}: ${e.message}`));
    });
    // Killed by a signal: 128 + its number, the status a shell reports (Ctrl-C: 130).
    child.once('exit', (code, signal) =>
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)),
    );
  });

/** OSC 52: asks the terminal (and tmux with `set-clipboard on`, and ssh clients) to put `text` on the clipboard. */
export function clipboardSequence(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/** The stream handle Node reads a TTY through (not public API; absent on fakes). */
interface ReadHandle {
  reading?: boolean;
  readStart?(): number;
  readStop?(): number;
}

function handleOf(stdin: NodeJS.ReadStream): ReadHandle | undefined {
  return (stdin as unknown as { _handle?: ReadHandle })._handle;
}

/**
 * Stops reading the terminal, so that a child run with it gets every key. Removing the
 * listeners or pausing is not enough: Node keeps the read going and would take keys from
 * the child. This is what Node's own `Socket.pause` does for buffered sockets.
 */
export function stopReading(stdin: NodeJS.ReadStream): void {
  const h = handleOf(stdin);
  if (h?.reading && typeof h.readStop === 'function') {
    h.reading = false;
    h.readStop();
  }
}

/** Reads the terminal again after {@link stopReading}. */
export function startReading(stdin: NodeJS.ReadStream): void {
  const h = handleOf(stdin);
  if (h && h.reading === false && typeof h.readStart === 'function') {
    h.reading = true;
    h.readStart();
  }
}
