/**
 * `--token-file FILE` / `MAGNETO_TOKEN_FILE` / the config's `tokenFile`: the token read
 * from a file, so that it never shows in `ps` or in the shell's history.
 */
import { open } from 'node:fs/promises';
import { ErrorCode, MagnetoError } from '../protocol/index.js';

/** Larger than any bearer token: a file this big is the wrong file. */
const MAX_BYTES = 64 * 1024;

export interface TokenFromFile {
  token: string;
  /** Set when other users may read the file (ssh warns for keys alike); the token is still used. */
  warning?: string;
}

function bad(path: string, message: string): MagnetoError {
  return new MagnetoError(ErrorCode.BadFile, `token file ${path}: ${message}`);
}

/**
 * Reads the token once: surrounding whitespace and the trailing newline an editor or
 * `echo` leaves are trimmed. Refuses (`bad_file`, one sentence) a missing, unreadable,
 * empty, oversized or multi-line file; warns when group or others have any access to it,
 * like ssh for a key, but goes on (a Kubernetes secret volume is 0644 by default).
 */
export async function readTokenFile(path: string): Promise<TokenFromFile> {
  let text: string;
  let mode: number;
  try {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw bad(path, 'not a regular file');
      if (stat.size > MAX_BYTES) throw bad(path, `larger than ${MAX_BYTES / 1024} KiB, not a token`);
      mode = stat.mode;
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof MagnetoError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw bad(path, code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? (error as Error).message})`);
  }
  const token = text.trim();
  if (token === '') throw bad(path, 'empty');
  if (/[\r\n]/.test(token)) throw bad(path, 'more than one line (expected the token alone)');
  if (/[\u0000-\u001f\u007f]/.test(token)) throw bad(path, 'holds control characters');
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    return {
      token,
      warning: `warning: token file ${path} is accessible by other users (mode ${octal}); run chmod 600 on it`,
    };
  }
  return { token };
}
