export { runTui, type TuiOptions, type TuiHost } from './run-tui.js';
export { startSession, type Session, type SessionOptions, type Mounted } from './session.js';
export { sanitize } from './render/sanitize.js';
export { COLUMN_IDS, columnsProblem, type ColumnId } from './render/layout.js';
