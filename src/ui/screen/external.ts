import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * Runs `command` (the user's `$VISUAL`, `$EDITOR` or `$PAGER`, which may hold arguments,
 * e.g. `code --wait`) on `path` with the terminal, and resolves with its exit status
 * (128 + the signal's number when a signal ended it, as a shell reports it).
 * Rejects with one readable sentence when it cannot be started.
 */
export type Launcher = (command: string, path: string) => Promise<number>;

/**
 * How to start `command` on `path`. On POSIX through `sh -c '<command> "$1"'`, as git runs
 * `$EDITOR`: the command keeps its own arguments and quoting, and the path travels as `$1`,
 * never through the shell's parsing. Windows has no sh: the command is split on spaces.
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
  return { file: '/bin/sh', args: ['-c', `${command} "$1"`, 'magneto-watch', path] };
}

/** Starts the command on the real terminal (stdio inherited) and waits for its exit. */
export const spawnLauncher: Launcher = (command, path) =>
  new Promise<number>((resolve, reject) => {
    const { file, args } = commandLine(command, path);
    const child = spawn(file, args, { stdio: 'inherit' });
    child.once('error', (e) => reject(new Error(`cannot run ${JSON.stringify(command)}: ${e.message}`)));
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
