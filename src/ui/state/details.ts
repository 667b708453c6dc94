import type { CassetteDetails, InteractionSummary } from '../../protocol/index.js';
import { flashStep } from './timing.js';
import type { DetailsOverlay } from './types.js';

/** How the selection moves in the details' list (the log's and the table's keys). */
export type DetailsMove = 'up' | 'down' | 'page-up' | 'page-down' | 'top' | 'bottom';

/** The details of `key`, before anything is loaded. */
export function openDetails(key: string): DetailsOverlay {
  return {
    kind: 'details',
    key,
    scroll: 0,
    selected: undefined,
    fresh: new Map(),
    filter: '',
    typing: false,
    failuresOnly: false,
  };
}

/** WebSocket close codes of a normal end: 1000 (normal closure) and 1001 (going away), RFC 6455 §7.4.1. */
const NORMAL_CLOSE = new Set([1000, 1001]);

/**
 * A failure, for `f` (issue 9 §3): an HTTP status of 400 or more, a request that got no
 * response (`HttpError`), or a WebSocket closed with a code other than 1000/1001. A
 * WebSocket whose close code is unknown (none recorded, or upstream) is not counted.
 */
export function isFailure(i: InteractionSummary): boolean {
  if (i.kind === 'HttpError') return true;
  if (i.kind === 'WebSocket') return typeof i.close_code === 'number' && !NORMAL_CLOSE.has(i.close_code);
  return i.status !== null && i.status >= 400;
}

/** The method (`WS` for a WebSocket), as the list shows it and `/` matches it. */
export function methodOf(i: InteractionSummary): string {
  return i.kind === 'WebSocket' ? 'WS' : (i.method ?? '—');
}

/** The status column: the HTTP status, `error` for a request with no response, else `—`. */
export function statusOf(i: InteractionSummary): string {
  if (i.status !== null) return String(i.status);
  if (i.kind === 'HttpError') return 'error';
  if (i.kind === 'WebSocket' && typeof i.close_code === 'number') return `${i.close_code}`;
  return '—';
}

function matches(i: InteractionSummary, needle: string): boolean {
  if (needle === '') return true;
  return (
    methodOf(i).toLowerCase().includes(needle) ||
    i.url.toLowerCase().includes(needle) ||
    statusOf(i).includes(needle)
  );
}

let memo:
  | { list: readonly InteractionSummary[]; filter: string; failures: boolean; out: InteractionSummary[] }
  | undefined;

/** The interactions the list shows, in file order: those that match the filter (and are failures, with `f`). */
export function shownInteractions(o: DetailsOverlay): InteractionSummary[] {
  const list = o.interactions ?? [];
  if (memo && memo.list === list && memo.filter === o.filter && memo.failures === o.failuresOnly)
    return memo.out;
  const needle = o.filter.toLowerCase();
  const out = list.filter((i) => matches(i, needle) && (!o.failuresOnly || isFailure(i)));
  memo = { list, filter: o.filter, failures: o.failuresOnly, out };
  return out;
}

/** Position of `index` in `shown`, or of the nearest interaction after it, else before it; -1 when empty. */
function nearest(shown: readonly InteractionSummary[], index: number | undefined): number {
  if (shown.length === 0) return -1;
  if (index === undefined) return 0;
  const after = shown.findIndex((i) => i.index >= index);
  return after >= 0 ? after : shown.length - 1;
}

/**
 * Keeps the selection on an interaction that is shown (the same index when it still is,
 * else its nearest neighbour) and scrolled into a list `room` lines tall.
 */
export function fixDetails(o: DetailsOverlay, room: number): DetailsOverlay {
  if (!o.interactions) return o;
  const shown = shownInteractions(o);
  const at = nearest(shown, o.selected);
  const selected = at < 0 ? undefined : shown[at]?.index;
  let scroll = o.scroll;
  if (at >= 0) {
    if (at < scroll) scroll = at;
    if (at >= scroll + room) scroll = at - room + 1;
  }
  scroll = Math.max(0, Math.min(scroll, shown.length - room));
  return selected === o.selected && scroll === o.scroll ? o : { ...o, selected, scroll };
}

/** Moves the selection in a list `room` lines tall. */
export function moveDetails(o: DetailsOverlay, move: DetailsMove | number, room: number): DetailsOverlay {
  const shown = shownInteractions(o);
  if (shown.length === 0) return o;
  const at = Math.max(0, nearest(shown, o.selected));
  const page = Math.max(1, room - 1);
  const target =
    typeof move === 'number'
      ? at + move
      : {
          up: at - 1,
          down: at + 1,
          'page-up': at - page,
          'page-down': at + page,
          top: 0,
          bottom: shown.length - 1,
        }[move];
  const clamped = Math.min(shown.length - 1, Math.max(0, target));
  return fixDetails({ ...o, selected: shown[clamped]?.index }, room);
}

/**
 * What was fetched, at `now`: on a refresh (a list was there before), the interactions
 * whose index is new flash `+`; flashes that are over are forgotten. The selection stays
 * on its index (the caller fixes it into view).
 */
export function loadedDetails(
  o: DetailsOverlay,
  details: CassetteDetails,
  interactions: InteractionSummary[],
  now: number,
): DetailsOverlay {
  const fresh = new Map<number, number>();
  o.fresh.forEach((at, index) => {
    if (flashStep(at, now) !== undefined) fresh.set(index, at);
  });
  if (o.interactions) {
    const known = new Set(o.interactions.map((i) => i.index));
    for (const i of interactions) if (!known.has(i.index)) fresh.set(i.index, now);
  }
  const { error: _error, deleted: _deleted, ...rest } = o;
  return { ...rest, details, interactions, fresh };
}
