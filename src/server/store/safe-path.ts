import { dirname, join } from 'node:path';
import { ErrorCode, MagnetoError, isListableStem, parseListedName } from '../../protocol/index.js';

/**
 * The file of a listed cassette. Names were validated at the edge (protocol.md §1.2); this is
 * the store's own defence in depth: `stem` must be one safe path component whose
 * `<stem>.json` lies directly in `dir`, or it throws bad_name before any file system call.
 */
export function cassettePath(dir: string, stem: string): string {
  parseListedName(stem);
  const path = join(dir, `${stem}.json`);
  if (dirname(path) !== dir)
    throw new MagnetoError(ErrorCode.BadName, 'name must stay inside the cassette directory');
  return path;
}

/** The stem of a directory entry that may be a cassette, or undefined for files to ignore. */
export function stemOf(fileName: string): string | undefined {
  if (fileName.startsWith('.') || !fileName.endsWith('.json')) return undefined;
  const stem = fileName.slice(0, -'.json'.length);
  return isListableStem(stem) ? stem : undefined;
}
