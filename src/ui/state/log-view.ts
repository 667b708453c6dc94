import { matchingEntries, type EventLog } from './event-log.js';
import type { Overlay } from './types.js';

export type LogOverlay = Extract<Overlay, { kind: 'log' }>;

/** A move in the log view. */
export type LogMove = 'up' | 'down' | 'page-up' | 'page-down' | 'oldest' | 'newest';

/** What the log view shows: positions in the log, oldest first. */
export interface LogWindow {
  shown: number[];
  /** Entries that match the filter (all of them without one). */
  matching: number;
  /** Matching entries newer than the last one shown (0 while following the newest). */
  newer: number;
}

/** Positions of the matching entries: every entry without a filter. */
function matches(log: EventLog, filter: string): number[] {
  return filter === '' ? Array.from({ length: log.length }, (_, i) => i) : matchingEntries(log, filter);
}

/** Index in `list` of the last entry shown: the newest, or the last at or before `bottom`. */
function bottomIndex(log: EventLog, list: readonly number[], bottom: number | null, room: number): number {
  const n = list.length;
  let p = n - 1;
  if (bottom !== null) {
    let lo = 0;
    let hi = n - 1;
    p = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((log.at(list[mid] as number)?.seq ?? Infinity) <= bottom) {
        p = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
  }
  // The window stays full when there is enough to fill it.
  return Math.max(p, Math.min(room, n) - 1);
}

/**
 * The window of `room` lines: it follows the newest entry unless scrolled (`bottom` is
 * then the seq of the last entry shown, so that new entries do not move what is read).
 */
export function logWindow(log: EventLog, o: LogOverlay, room: number): LogWindow {
  const list = matches(log, o.filter);
  const p = bottomIndex(log, list, o.bottom, room);
  return {
    shown: list.slice(Math.max(0, p - room + 1), p + 1),
    matching: list.length,
    newer: list.length - 1 - p,
  };
}

/** Where the view is after `move`: the seq of its last entry, or null to follow the newest. */
export function movedBottom(log: EventLog, o: LogOverlay, move: LogMove, room: number): number | null {
  const list = matches(log, o.filter);
  const n = list.length;
  if (n === 0) return null;
  const page = Math.max(1, room - 1);
  const p = bottomIndex(log, list, o.bottom, room);
  const top = Math.min(room, n) - 1;
  const next = {
    up: p - 1,
    down: p + 1,
    'page-up': p - page,
    'page-down': p + page,
    oldest: top,
    newest: n - 1,
  }[move];
  const clamped = Math.min(n - 1, Math.max(top, next));
  return clamped >= n - 1 ? null : (log.at(list[clamped] as number)?.seq ?? null);
}
