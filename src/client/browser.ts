// The client in a browser (or any runtime with a standard fetch and WebSocket): it loads
// neither undici nor ws (architecture.md §1; the web page's bundle is built from it).
import type { EngineOptions } from './options.js';
import type { FetchLike } from './rest.js';
import { standardDial, type StandardWebSocketCtor } from './standard-wire.js';
import { createEngine } from './sync.js';
import type { SyncEngine } from './types.js';

export * from './neutral.js';
export { isSubprotocolToken, type StandardWebSocket, type StandardWebSocketCtor } from './standard-wire.js';

/** {@link EngineOptions} with a standard WebSocket. */
export interface BrowserSyncOptions extends EngineOptions {
  /** @default globalThis.WebSocket */
  WebSocket?: StandardWebSocketCtor;
}

interface StandardGlobals {
  fetch?: FetchLike;
  WebSocket?: StandardWebSocketCtor;
}

/**
 * The sync engine with the runtime's own `fetch` and `WebSocket` (protocol.md §4): the
 * token travels as `Authorization` on REST and as the `bearer.<t>` subprotocol on `/ws`.
 */
export function createSync(options: BrowserSyncOptions): SyncEngine {
  const g = globalThis as StandardGlobals;
  const WebSocket = options.WebSocket ?? g.WebSocket;
  if (WebSocket === undefined)
    throw new TypeError('this runtime has no WebSocket: pass one as options.WebSocket');
  // Called through a function: a browser's fetch throws when called as a method of another object.
  const fetch: FetchLike = (url, init) => {
    if (g.fetch === undefined) throw new TypeError('this runtime has no fetch: pass one as options.fetch');
    return g.fetch(url, init);
  };
  return createEngine(options, { fetch, dial: standardDial(WebSocket) });
}
