import { fetch as undiciFetch } from 'undici';
import type { EngineOptions } from '../options.js';
import { createEngine } from '../sync.js';
import type { SyncEngine } from '../types.js';
import { wsDial, type WebSocketCtor } from './ws-wire.js';

/** {@link EngineOptions} in Node. */
export interface SyncOptions extends EngineOptions {
  /** @default ws's `WebSocket` */
  WebSocket?: WebSocketCtor;
}

/**
 * The sync engine in Node (protocol.md §4): undici's `fetch` and `ws` unless given. The
 * browser has its own entry point (client/browser.ts), which loads neither.
 */
export function createSync(options: SyncOptions): SyncEngine {
  return createEngine(options, { fetch: undiciFetch, dial: wsDial(options.WebSocket) });
}
