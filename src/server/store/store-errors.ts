import { ErrorCode, MagnetoError, isMode, type CassetteMode } from '../../protocol/index.js';

export function checkDescription(v: unknown): string | null | undefined {
  if (v === undefined || v === null || typeof v === 'string') return v;
  throw new MagnetoError(ErrorCode.InvalidBody, 'description must be a string or null', 400);
}

export function checkMode(v: unknown): CassetteMode | undefined {
  if (v === undefined || isMode(v)) return v;
  throw new MagnetoError(ErrorCode.InvalidBody, 'mode must be one of auto, record, replay', 400);
}

export function errno(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
}

/** The file is not there (or a symlink, refused by O_NOFOLLOW). */
export function isAbsence(err: unknown): boolean {
  const code = errno(err);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP';
}

export function notFound(name: string): MagnetoError {
  return new MagnetoError(ErrorCode.NotFound, `cassette ${JSON.stringify(name)} not found`, 404);
}

export function unreadable(name: string, why: string | undefined): MagnetoError {
  return new MagnetoError(
    ErrorCode.Unreadable,
    `cassette ${JSON.stringify(name)} is unreadable (${why ?? 'unknown reason'}); fix or remove the file by hand`,
    422,
  );
}

export function ioError(err: unknown): MagnetoError {
  if (err instanceof MagnetoError) return err;
  const code = errno(err);
  const message = err instanceof Error ? err.message : String(err);
  return new MagnetoError(ErrorCode.Io, `file system error${code ? ` (${code})` : ''}: ${message}`, 500);
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
  return new MagnetoError(ErrorCode.Io, `cassette directory ${dir} ${why}`, 500);
}
