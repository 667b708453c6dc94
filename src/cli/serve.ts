/** `magneto-watch serve`: the REST API and `/ws` over a cassette directory (README, Options). */
import { resolve } from 'node:path';
import { createMagnetoServer } from '../server/index.js';
import { VERSION } from '../protocol/index.js';
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
}

export async function serve(o: ServeOptions): Promise<void> {
  const server = createMagnetoServer({
    dir: resolve(o.dir),
    host: o.host,
    port: o.port,
    ...(o.token !== undefined ? { token: o.token } : {}),
    noAuth: o.noAuth,
    allowOrigins: o.allowOrigins,
    ...(o.heartbeatMs !== undefined ? { heartbeatMs: o.heartbeatMs } : {}),
  });
  const { url } = await server.listen();
  process.stdout.write(
    `magneto-watch ${VERSION} serving ${server.store.dir} at ${url} (live events: ${url.replace(/^http/, 'ws')}/ws)\n`,
  );
  onShutdown(() => server.close());
}
