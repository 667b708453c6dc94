import { fetch as undiciFetch } from 'undici';
import { ErrorCode, MagnetoError } from '../protocol/index.js';
import { createMagnetoServer, type MagnetoServer, type ServerOptions } from '../server/index.js';
import type { SyncEngine } from '../client/types.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './defaults.js';

export interface HostDeps {
  fetch?: typeof undiciFetch;
  createServer?: (options: ServerOptions) => MagnetoServer;
  /** How long the probe waits for `/health`. @default 400 */
  probeTimeoutMs?: number;
  /** The port to attach to or host on. @default 8889 */
  port?: number;
  /** The built web page a hosted server serves at `/` (ServerOptions.pageDir). @default none */
  pageDir?: string;
  /** A hosted server listens before its index is complete (protocol.md §3.7). @default true */
  indexInBackground?: boolean;
}

/** True when a magneto server (ours or upstream) answers `/health` at `url`. */
export async function probeMagneto(url: string, deps: HostDeps = {}): Promise<boolean> {
  const { fetch = undiciFetch, probeTimeoutMs = 400 } = deps;
  try {
    const res = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(probeTimeoutMs) });
    if (!res.ok) return false;
    const body = (await res.json()) as { status?: unknown };
    return body.status === 'healthy';
  } catch {
    return false;
  }
}

export interface Attachment {
  url: string;
  /** Present when this process hosts the server. */
  server?: MagnetoServer;
  /** A line for the status bar, e.g. why another port was used. */
  notice?: string;
}

/**
 * The embedded default (README, Usage): attach to a magneto server on 127.0.0.1:8889 if one
 * answers, otherwise host one on `dir` there, or on a free port if 8889 is taken by
 * something that is not a magneto server. A hosted server listens before its index is
 * complete, unless told otherwise (NDJSON output wants a complete first Snapshot).
 */
export async function attachOrHost(dir: string, deps: HostDeps = {}): Promise<Attachment> {
  const port = deps.port ?? DEFAULT_PORT;
  const url = `http://${DEFAULT_HOST}:${port}`;
  const attached = { url, notice: `attached to the server on :${port}` };
  if (await probeMagneto(url, deps)) return attached;
  const create = deps.createServer ?? createMagnetoServer;
  // The terminal starts at once and its table fills in as the directory is indexed
  // (protocol.md §3.7), instead of a blank screen for the 1–2 s of 10 000 cassettes.
  const indexInBackground = deps.indexInBackground ?? true;
  const hostOn = (on: number): MagnetoServer =>
    create({ dir, host: DEFAULT_HOST, port: on, indexInBackground, pageDir: deps.pageDir });
  try {
    const server = hostOn(port);
    const { url: hosted } = await server.listen();
    return { url: hosted, server, notice: 'hosting' };
  } catch (error) {
    if (!(error instanceof MagnetoError) || error.code !== ErrorCode.PortInUse) throw error;
    // The port is busy but not with a magneto server that answered: maybe one still starting.
    if (await probeMagneto(url, deps)) return attached;
    const server = hostOn(0);
    const { url: hosted, port: free } = await server.listen();
    return { url: hosted, server, notice: `hosting on :${free} (${port} busy)` };
  }
}

/**
 * When the instance we are attached to quits, host the same directory on the same
 * address so every attached terminal keeps working (README, Usage). Of several attached
 * instances, the first to bind wins; the others reconnect to it. Returns the unsubscribe.
 */
export function enableTakeover(
  engine: SyncEngine,
  url: string,
  onHosting: (server: MagnetoServer) => void,
  deps: HostDeps = {},
): () => void {
  const create = deps.createServer ?? createMagnetoServer;
  const target = new URL(url);
  let dir: string | undefined;
  let trying = false;
  let hosting = false;
  return engine.subscribe((update) => {
    if (update.type === 'hello') dir = update.hello.dir;
    if (update.type !== 'status' || update.status.kind !== 'reconnecting') return;
    if (hosting || trying || dir === undefined) return;
    trying = true;
    const server = create({ dir, host: target.hostname, port: Number(target.port), pageDir: deps.pageDir });
    server.listen().then(
      () => {
        hosting = true;
        trying = false;
        onHosting(server);
      },
      () => {
        // Someone else took over first (or the host came back): just reconnect to it.
        trying = false;
        void server.close().catch(() => undefined);
      },
    );
  });
}
