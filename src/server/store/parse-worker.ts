/**
 * A parse worker of the store's first index (parse-pool.ts): reads and parses each file it
 * is sent and answers with what the index keeps, so that JSON.parse of thousands of files
 * runs on every core while the main thread keeps the index. scripts/parse-worker.mjs bundles
 * it into one self-contained script.
 */
import { parentPort } from 'node:worker_threads';
import { parseCassette } from './cassette-file.js';
import type { ParseReply, ParseRequest } from './parse-pool.js';
import { readRegularFileSync } from './read-file.js';
import { errno } from './store-errors.js';

function answer({ id, path, scan }: ParseRequest): ParseReply {
  try {
    const read = readRegularFileSync(path);
    if (!read) return { id, kind: 'absent' };
    const { ino, mtimeMs, size } = read.stats;
    return { id, kind: 'file', ino, mtimeMs, size, meta: parseCassette(read.text, scan).meta };
  } catch (err) {
    return { id, kind: 'error', code: errno(err), message: err instanceof Error ? err.message : String(err) };
  }
}

const port = parentPort;
port?.on('message', (request: ParseRequest) => port.postMessage(answer(request)));
port?.postMessage({ kind: 'ready' } satisfies ParseReply);
