import type { ConnectionStatus } from '../../client/types.js';
import { sanitize } from '../render/sanitize.js';
import { plural } from '../render/format.js';

/** How many entries the log keeps: the last 1 000. */
export const LOG_CAPACITY = 1000;
/** Entries per chunk: an append copies the last chunk only. */
const CHUNK = 64;

/** One line of the event log. `seq` numbers entries from the first one ever appended. */
export type LogEntry = { seq: number; at: number } & (
  | { kind: 'created' | 'deleted'; name: string }
  /** `added`: interactions the update added, when it added some. */
  | { kind: 'updated'; name: string; added?: number }
  | { kind: 'status'; status: ConnectionStatus }
  | { kind: 'error' | 'info'; text: string }
);

/** An entry before the log numbers it. */
export type NewLogEntry = LogEntry extends infer E ? (E extends LogEntry ? Omit<E, 'seq'> : never) : never;

/**
 * The last {@link LOG_CAPACITY} events, connection changes and errors: an immutable list
 * in chunks, so that appending a frame's entries under an event storm copies at most one
 * chunk of 64 and the list of chunks, never the whole log. Entries are small objects;
 * their text is built only when shown or filtered (`entryText`, cached per entry).
 */
export class EventLog {
  static readonly empty = new EventLog([], 0, 0);

  /** Entries kept and shown. */
  readonly length: number;

  private constructor(
    private readonly chunks: readonly (readonly LogEntry[])[],
    /** Entries at the start of the first chunk that are past the capacity, not shown. */
    private readonly skip: number,
    /** Entries ever appended: the next entry's `seq`. */
    readonly total: number,
  ) {
    let n = 0 - skip;
    for (const c of chunks) n += c.length;
    this.length = n;
  }

  /** Entry `i`, 0 being the oldest kept. */
  at(i: number): LogEntry | undefined {
    if (i < 0 || i >= this.length) return undefined;
    let k = i + this.skip;
    for (const c of this.chunks) {
      if (k < c.length) return c[k];
      k -= c.length;
    }
    return undefined;
  }

  /** Calls `f` on every entry kept, oldest first, with its position. */
  forEach(f: (e: LogEntry, i: number) => void): void {
    let i = 0 - this.skip;
    for (const c of this.chunks) {
      for (let j = 0; j < c.length; j++, i++) if (i >= 0) f(c[j] as LogEntry, i);
    }
  }

  /** The log with `entries` appended, numbered, the oldest dropped past the capacity. */
  append(entries: readonly NewLogEntry[]): EventLog {
    if (entries.length === 0) return this;
    const chunks = this.chunks.slice();
    // Only the entries that can be kept: a re-list of 10 000 changes keeps its last 1 000.
    const first = Math.max(0, entries.length - LOG_CAPACITY);
    let total = this.total + first;
    const tail = chunks.at(-1);
    // The last chunk is copied (it is shared with this log), keeping its positions.
    let last: LogEntry[] = tail !== undefined && tail.length < CHUNK ? [...(chunks.pop() as LogEntry[])] : [];
    for (let i = first; i < entries.length; i++) {
      if (last.length === CHUNK) {
        chunks.push(last);
        last = [];
      }
      last.push({ ...(entries[i] as NewLogEntry), seq: total++ } as LogEntry);
    }
    chunks.push(last);
    let kept = 0 - this.skip;
    for (const c of chunks) kept += c.length;
    let skip = this.skip;
    while (kept > LOG_CAPACITY) {
      const head = chunks[0] as readonly LogEntry[];
      const over = kept - LOG_CAPACITY;
      if (over >= head.length - skip) {
        chunks.shift();
        kept -= head.length - skip;
        skip = 0;
      } else {
        skip += over;
        kept -= over;
      }
    }
    return new EventLog(chunks, skip, total);
  }
}

/** What the log says about a connection state (the status line's words, without countdowns). */
export function statusWords(status: ConnectionStatus): string {
  switch (status.kind) {
    case 'live':
      return '● Live';
    case 'connecting':
      return '◌ Connecting…';
    case 'reconnecting':
      return `◌ Reconnecting (attempt ${status.attempt})${status.reason ? `: ${sanitize(status.reason)}` : ''}`;
    case 'polling':
      return '◌ Polling (server has no /ws)';
    case 'failed':
      return `✕ ${sanitize(status.reason)}`;
  }
}

const texts = new WeakMap<LogEntry, { text: string; lower: string }>();

function words(e: LogEntry): string {
  switch (e.kind) {
    case 'created':
      return `+ created   ${sanitize(e.name)}`;
    case 'updated':
      return `~ updated   ${sanitize(e.name)}${e.added ? ` (+${plural(e.added, 'interaction')})` : ''}`;
    case 'deleted':
      return `- deleted   ${sanitize(e.name)}`;
    case 'status':
      return statusWords(e.status);
    case 'error':
      return `✕ ${e.text}`;
    case 'info':
      return `· ${e.text}`;
  }
}

function cached(e: LogEntry): { text: string; lower: string } {
  let t = texts.get(e);
  if (t === undefined) {
    const text = words(e);
    t = { text, lower: text.toLowerCase() };
    texts.set(e, t);
  }
  return t;
}

/** What an entry says, sanitised; built once per entry, when first shown or filtered. */
export function entryText(e: LogEntry): string {
  return cached(e).text;
}

/** Positions (in `log`) of the entries whose text holds `filter` (any case), oldest first. */
export function matchingEntries(log: EventLog, filter: string): number[] {
  const out: number[] = [];
  const needle = filter.toLowerCase();
  log.forEach((e, i) => {
    if (needle === '' || cached(e).lower.includes(needle)) out.push(i);
  });
  return out;
}
