import { basename, dirname } from 'node:path';
import { VERSION, describeWatch, type WatchInfo } from '../protocol/index.js';

/**
 * The line `serve` prints on stdout once it listens: what it serves, where, and how it
 * notices changes on disk, with the reason when it polls without being asked to
 * (protocol.md §1.4).
 */
export function serveLine(dir: string, url: string, watch: WatchInfo | undefined): string {
  const disk =
    watch === undefined
      ? ''
      : `; disk: ${describeWatch(watch)}${watch.reason ? `, because ${watch.reason}` : ''}`;
  return `magneto-watch ${VERSION} serving ${dir} at ${url} (web page: ${url}/, live events: ${url.replace(/^http/, 'ws')}/ws${disk})`;
}

/**
 * Why `--log-file` cannot be `file` (absolute) for the cassette directory `dir`, if it cannot:
 * a `.json` file there would be listed as a cassette, and every line logged about it would
 * change it again.
 */
export function logFileProblem(file: string, dir: string): string | undefined {
  const name = basename(file);
  if (dirname(file) !== dir || name.startsWith('.') || !name.endsWith('.json')) return undefined;
  return `--log-file ${file} would be listed as a cassette: use a name that does not end in .json, or another directory`;
}
