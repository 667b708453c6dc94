import { ErrorCode, type MagnetoError } from '../protocol/index.js';

/** The exit statuses (README, Exit codes). */
export const ExitCode = {
  Ok: 0,
  /** The world said no: the server refused or is not ours, no such cassette, a file cannot be used. */
  Failure: 1,
  /** What the user typed or configured is wrong (POSIX: 2 for a usage error). */
  Usage: 2,
  /** A bug (EX_SOFTWARE of sysexits.h). */
  Internal: 70,
} as const;

/** Codes that mean the command line, the environment or the config file must change. */
const USAGE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.Usage,
  ErrorCode.BadConfig,
  ErrorCode.BadUrl,
  ErrorCode.InsecureBind,
]);

export function exitCodeOf(error: MagnetoError): number {
  return USAGE.has(error.code) ? ExitCode.Usage : ExitCode.Failure;
}
