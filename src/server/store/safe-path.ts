import { dirname, join } from 'node:path';
import { MagnetoError, ErrorCode, isCreatableName, isListableStem } from '../../protocol/index.js';

/**
 * The file of a listed cassette. Throws bad_name unless `stem` is one safe path component
 * whose `<stem>.json` lies directly in `dir` (checked again on the joined path).
 */
export function cassettePath(dir: string, stem: string): string {
  if (!isListableStem(stem)) throw badName(stem);
  const path = join(dir, `${stem}.json`);
  if (dirname(path) !== dir) throw badName(stem);
  return path;
}

/** Like `cassettePath`, for names the API may create, update or delete. */
export function mutablePath(dir: string, name: string): string {
  if (typeof name !== 'string' || !isCreatableName(name)) {
    if (typeof name === 'string' && isListableStem(name)) {
      throw new MagnetoError(
        ErrorCode.BadName,
        `cassette ${JSON.stringify(name)} can be read but not changed here: only names of letters, digits, - and _ can be`,
        400,
      );
    }
    throw badName(name);
  }
  return cassettePath(dir, name);
}

function badName(name: unknown): MagnetoError {
  const shown =
    typeof name === 'string' ? JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name) : 'name';
  return new MagnetoError(
    ErrorCode.BadName,
    `invalid cassette name ${shown}: use 1 to 100 letters, digits, - or _`,
    400,
  );
}

/** The stem of a directory entry that may be a cassette, or undefined for files to ignore. */
export function stemOf(fileName: string): string | undefined {
  if (fileName.startsWith('.') || !fileName.endsWith('.json')) return undefined;
  const stem = fileName.slice(0, -'.json'.length);
  return isListableStem(stem) ? stem : undefined;
}
