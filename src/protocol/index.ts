export * from './names.js';
export * from './summary.js';
export * from './events.js';
export * from './errors.js';
export * from './collection.js';
export * from './version.js';
export * from './clock.js';
