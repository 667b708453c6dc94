import { openSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import { ErrorCode, MagnetoError } from '../protocol/index.js';
import type { Clock } from '../protocol/clock.js';
import type { LogLevel } from './log-levels.js';

/** One entry: structured fields, then a short message (pino's own argument order). */
export type LogFn = (fields: object, message: string) => void;

/** What the server and its store write to the log; a pino logger is one. */
export interface ServerLog {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
}

const ignore: LogFn = () => undefined;

/** Logs nothing: the default of a server embedded in the terminal UI, which owns the terminal. */
export const silentLog: ServerLog = {
  error: ignore,
  warn: ignore,
  info: ignore,
  debug: ignore,
  trace: ignore,
};

const OPEN_ERRORS: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  EROFS: 'read-only file system',
};

export interface LogOptions {
  /** @default 'info' */
  level?: LogLevel;
  /** Appends the JSON lines to this file instead of stderr. @default stderr */
  file?: string;
}

export interface OpenLog {
  logger: Logger;
  /** Flushes and closes the file (stderr stays open); later entries are dropped. */
  close(): void;
}

/**
 * A pino logger (the one fastify uses) writing one JSON line per entry to stderr or to a
 * file: `{"level":30,"time":…,"pid":…,"msg":…, …fields}`. Writes are synchronous, so no line
 * is lost when the process exits right after; `time` comes from the injected clock
 * (architecture.md §3). A file that cannot be opened is a user mistake, with one sentence.
 */
export function openLog(options: LogOptions, clock: Clock): OpenLog {
  let fd = 2;
  if (options.file !== undefined) {
    try {
      fd = openSync(options.file, 'a', 0o644);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      const why = OPEN_ERRORS[code];
      throw new MagnetoError(
        ErrorCode.Io,
        `cannot open the log file ${options.file}: ${why ? `${why} (${code})` : code}`,
      );
    }
  }
  const destination = pino.destination({ fd, sync: true });
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: () => `,"time":${clock.now()}`,
    },
    destination,
  );
  let closed = false;
  return {
    logger,
    close() {
      if (closed) return;
      closed = true;
      // A line logged after this is dropped, not written to a closed (or reused) descriptor.
      logger.level = 'silent';
      destination.end(); // fsync, then close unless it is stderr
    },
  };
}
