export * from './names.js';
export * from './summary.js';
export * from './cassette-input.js';
export * from './cassette-errors.js';
export * from './events.js';
export * from './errors.js';
export * from './collection.js';
export * from './version.js';
