import { ErrorCode, MagnetoError, quoteName } from '../../protocol/index.js';

/*
 * Errors only the store can know of: the file system's answers and unreadable files. Name and
 * body rules live in the protocol (protocol.md §1.2, §2.1); `notFound` and `alreadyExists`
 * too, since the API and the create form share their sentences.
 */

export function errno(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
}

/** The file is not there (or a symlink, refused by O_NOFOLLOW). */
export function isAbsence(err: unknown): boolean {
  const code = errno(err);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP';
}

export function unreadable(name: string, why: string | undefined): MagnetoError {
  return new MagnetoError(
    ErrorCode.Unreadable,
    `cassette ${quoteName(name)} is unreadable (${why ?? 'unknown reason'}); fix or remove the file by hand`,
  );
}

export function ioError(err: unknown): MagnetoError {
  if (err instanceof MagnetoError) return err;
  const code = errno(err);
  const message = err instanceof Error ? err.message : String(err);
  return new MagnetoError(ErrorCode.Io, `file system error${code ? ` (${code})` : ''}: ${message}`);
}

export function dirError(dir: string, err: unknown): MagnetoError {
  const code = errno(err);
  const why =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'ENOTDIR'
        ? 'is not a directory'
        : code === 'EACCES' || code === 'EPERM'
          ? 'is not readable (permission denied)'
          : `cannot be read (${err instanceof Error ? err.message : String(err)})`;
  return new MagnetoError(ErrorCode.Io, `cassette directory ${dir} ${why}`);
}
