// The client in Node; a browser page imports client/browser.ts instead (architecture.md §1).
export * from './neutral.js';
export { createSync, type SyncOptions } from './node/create-sync.js';
export type { WebSocketCtor } from './node/ws-wire.js';
