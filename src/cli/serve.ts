/** `magneto-watch serve`: the REST API and `/ws` over a cassette directory (README, Options). */
import { resolve } from 'node:path';
import { createMagnetoServer } from '../server/index.js';
import type { LogLevel } from '../server/log-levels.js';
import { ErrorCode, MagnetoError } from '../protocol/index.js';
import { logFileProblem, serveLine } from './serve-text.js';
import { onShutdown } from './shutdown.js';

export interface ServeOptions {
  dir: string;
  host: string;
  port: number;
  /** From `--token`, `--token-file`, `MAGNETO_TOKEN` or `MAGNETO_TOKEN_FILE`. */
  token?: string;
  /** `--no-auth`. */
  noAuth: boolean;
  allowOrigins: string[];
  heartbeatMs?: number;
  /** The built web page, served at `/`. */
  pageDir: string;
  /** `--poll[=MS]`: stat the directory instead of relying on file events. */
  poll?: number;
  logLevel: LogLevel;
  /** `--log-file`: append the log here instead of stderr. */
  logFile?: string;
}

export async function serve(o: ServeOptions): Promise<void> {
  const dir = resolve(o.dir);
  const logFile = o.logFile === undefined ? undefined : resolve(o.logFile);
  const problem = logFile === undefined ? undefined : logFileProblem(logFile, dir);
  if (problem !== undefined) throw new MagnetoError(ErrorCode.Usage, problem);
  const server = createMagnetoServer({
    dir,
    host: o.host,
    port: o.port,
    ...(o.token !== undefined ? { token: o.token } : {}),
    noAuth: o.noAuth,
    allowOrigins: o.allowOrigins,
    ...(o.heartbeatMs !== undefined ? { heartbeatMs: o.heartbeatMs } : {}),
    pageDir: o.pageDir,
    ...(o.poll !== undefined ? { poll: o.poll } : {}),
    log: { level: o.logLevel, ...(logFile !== undefined ? { file: logFile } : {}) },
  });
  const { url } = await server.listen();
  process.stdout.write(`${serveLine(server.store.dir, url, server.store.status().watch)}\n`);
  onShutdown(() => server.close());
}
