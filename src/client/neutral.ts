// What the client offers in any runtime; client/index.ts (Node) and client/browser.ts add
// a `createSync` with their runtime's fetch and WebSocket.
export type { EngineOptions } from './options.js';
export {
  DEFAULT_DEAD_AFTER_MS,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_POLL_INTERVAL_MS,
  POLL_TIMEOUT_MS,
} from './options.js';
export { backoffDelay, BACKOFF_BASE_MS, BACKOFF_CAP_MS, BACKOFF_RESET_AFTER_MS } from './backoff.js';
export { systemClock, type Clock, type TimerHandle, type TimerOptions } from './clock.js';
export type { FetchLike } from './rest.js';
export { parseBaseUrl, type BaseUrl } from './urls.js';
export {
  applyEvent,
  changeKind,
  diffTables,
  replaceTable,
  type ChangeKind,
  type TableChange,
} from './stream.js';
export { addedInteractions, changeSentence } from './change-text.js';
export { formatMs, type SyncLog, type SyncLogEntry, type SyncLogEvent } from './log.js';
export type * from './types.js';
