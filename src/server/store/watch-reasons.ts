import { statfs } from 'node:fs/promises';
import { errno } from './store-errors.js';

/** What to do about an fs.watch error code, for the reason a server gives for polling. */
const HINTS: Record<string, string> = {
  ENOSPC: 'the inotify watch limit is reached; raise fs.inotify.max_user_watches',
  EMFILE: 'too many inotify instances or open files; raise fs.inotify.max_user_instances or ulimit -n',
  EPERM: 'not allowed to watch this directory',
  EACCES: 'not allowed to watch this directory',
  ENOSYS: 'file events are not supported here',
};

/** The reason to poll after fs.watch threw or emitted `err`: `fs.watch failed: ENOSPC (…)`. */
export function watchFailure(err: unknown): string {
  const code = errno(err);
  if (code === undefined) return `fs.watch failed: ${err instanceof Error ? err.message : String(err)}`;
  const hint = HINTS[code];
  return `fs.watch failed: ${code}${hint ? ` (${hint})` : ''}`;
}

/**
 * Linux file systems whose files can change without a local write (`statfs` f_type, from
 * linux/magic.h): inotify sees only the changes made through this kernel, so a recorder on
 * the NFS server, on the Windows side of WSL2 (`/mnt/c` is 9p) or on the macOS host of a
 * Docker Desktop bind mount (FUSE, virtiofs included) makes no event here.
 */
const REMOTE_FS: ReadonlyMap<number, string> = new Map([
  [0x6969, 'nfs'],
  [0x517b, 'smb'],
  [0xff534d42, 'cifs'],
  [0xfe534d42, 'smb2'],
  [0x01021997, '9p'],
  [0x65735546, 'fuse'],
  [0x00c36400, 'ceph'],
  [0x5346414f, 'afs'],
]);

/** Returns the type of a directory's file system, as statfs gives it (f_type). */
export type StatFsType = (dir: string) => Promise<number>;

const statfsType: StatFsType = async (dir) => (await statfs(dir)).type;

/**
 * The reason to poll `dir` from the start, when it is on a remote or shared file system
 * (Linux only: elsewhere f_type is not a magic number); undefined when file events can be
 * trusted or the type cannot be read.
 */
export async function remoteFsReason(
  dir: string,
  typeOf: StatFsType = statfsType,
  platform: string = process.platform,
): Promise<string | undefined> {
  if (platform !== 'linux') return undefined;
  let type: number;
  try {
    type = await typeOf(dir);
  } catch {
    return undefined;
  }
  const name = REMOTE_FS.get(type >>> 0);
  return name === undefined
    ? undefined
    : `${name} file system: changes made by another host make no file events here`;
}
