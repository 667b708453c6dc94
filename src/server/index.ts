export { createMagnetoServer, type MagnetoServer, type ServerOptions } from './server.js';
export { Hub, type HubOptions, type AttachOptions } from './hub.js';
export { isLoopbackAddress } from './security.js';
export type { CassetteStore, StoreChange } from './types.js';
export { LOG_LEVELS, type LogLevel } from './log-levels.js';
export type { LogOptions } from './log.js';
