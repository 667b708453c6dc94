// The client's modules take their clock from here; it is defined once, for server, client
// and UI alike, in protocol/clock.ts (architecture.md §3).
export { systemClock, type Clock, type TimerHandle, type TimerOptions } from '../protocol/clock.js';
