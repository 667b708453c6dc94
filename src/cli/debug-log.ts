/**
 * `--debug` and `--log-file FILE` (README, Diagnostics): one plain-text line per step of
 * the connection, each starting with an ISO 8601 time, e.g.
 * `2026-11-29T20:01:02.345Z open ws://127.0.0.1:8889/ws?batch=1 in 4 ms`. The engine says
 * its steps through its `log` option; status changes come from its updates.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SyncLog } from '../client/log.js';
import type { SyncEngine } from '../client/types.js';
import { ErrorCode, MagnetoError, type Clock } from '../protocol/index.js';
import { sanitize } from '../ui/render/sanitize.js';
import { describeStatus } from './status-text.js';

export interface DebugLog {
  /** For `createSync({ log })`. */
  readonly log: SyncLog;
  /** Writes one line: the time, `event`, then `message` made inert for a terminal. */
  line(event: string, message: string): void;
  /** Logs the engine's status and server-kind changes; returns the unsubscribe. */
  follow(engine: SyncEngine): () => void;
  /** Where the lines go: the file's path, or `stderr`. */
  readonly where: string;
  close(): void;
}

/**
 * Where to write: a file (appended to, created 0600; `createDir`, false by default, makes its
 * folder, for the default path) or a stream (`name` says which, e.g. `stderr`).
 */
export type DebugTarget =
  { file: string; createDir?: boolean } | { stream: (text: string) => void; name: string };

function openFile(path: string, createDir: boolean): number {
  try {
    if (createDir) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    return openSync(path, 'a', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new MagnetoError(ErrorCode.BadFile, `log file ${path}: cannot be opened (${code})`);
  }
}

export function openDebugLog(target: DebugTarget, clock: Clock): DebugLog {
  let fd: number | undefined;
  let write: (text: string) => void;
  if ('file' in target) {
    const opened = openFile(target.file, target.createDir ?? false);
    fd = opened;
    write = (text) => void writeSync(opened, text);
  } else write = target.stream;
  let broken = false;

  const line = (event: string, message: string): void => {
    if (broken) return;
    try {
      write(`${new Date(clock.now()).toISOString()} ${event} ${sanitize(message)}\n`);
    } catch {
      // A full disk must not take the UI down with it; the log just stops.
      broken = true;
    }
  };
  return {
    log: (entry) => line(entry.event, entry.message),
    line,
    follow(engine) {
      return engine.subscribe((update) => {
        if (update.type === 'status') line('status', describeStatus(update.status, clock.now()));
        else if (update.type === 'server') {
          const { flavor, server } = update.info;
          line('server', server === undefined ? flavor : `${flavor} (${server})`);
        }
      });
    },
    where: 'file' in target ? target.file : target.name,
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      broken = true;
    },
  };
}
