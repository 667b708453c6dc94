import type { Row } from './types.js';

/** What table updates need: `Map` and {@link RowTable} both have it. */
export interface MutableTable extends ReadonlyMap<string, Row> {
  set(key: string, row: Row): unknown;
  delete(key: string): unknown;
}

const isLive = (row: Row | undefined): boolean => row !== undefined && row.deletedAt === undefined;
const isTimed = (row: Row | undefined): boolean =>
  row !== undefined && (row.flash !== undefined || row.deletedAt !== undefined);

interface Counts {
  size: number;
  live: number;
  timed: Set<string>;
}

/**
 * A table of rows that copies cheaply: a shared base map that is never changed, plus
 * this copy's own changes (`null` for a deleted key). Each frame's state needs a new
 * table; copying 10 000 entries 30 times a second cost ~1.5 ms a frame and filled the
 * old generation with dead maps. The changes fold into a new base once they reach an
 * eighth of the table (a full copy every few dozen frames under a storm). It also keeps
 * what frames would otherwise scan every row for: the live count and the rows that
 * change by themselves (flashes, tombstones).
 */
export class RowTable implements MutableTable {
  private readonly base: ReadonlyMap<string, Row>;
  private readonly changes: Map<string, Row | null>;
  private readonly counts: Counts;

  /** @param base never changed afterwards (the caller gives it up) */
  constructor(
    base: ReadonlyMap<string, Row> = new Map(),
    changes = new Map<string, Row | null>(),
    counts?: Counts,
  ) {
    this.base = base;
    this.changes = changes;
    if (counts) this.counts = counts;
    else {
      this.counts = { size: 0, live: 0, timed: new Set() };
      for (const [key, row] of this.entries()) this.count(key, undefined, row);
    }
  }

  private count(key: string, before: Row | undefined, after: Row | undefined): void {
    const c = this.counts;
    c.size += (after ? 1 : 0) - (before ? 1 : 0);
    c.live += (isLive(after) ? 1 : 0) - (isLive(before) ? 1 : 0);
    if (isTimed(after)) c.timed.add(key);
    else c.timed.delete(key);
  }

  /** An independent copy; changes to either do not show in the other. */
  copy(): RowTable {
    const { size, live, timed } = this.counts;
    const counts = { size, live, timed: new Set(timed) };
    if (this.changes.size > Math.max(256, this.base.size / 8))
      return new RowTable(new Map(this), new Map(), counts);
    return new RowTable(this.base, new Map(this.changes), counts);
  }

  get size(): number {
    return this.counts.size;
  }

  /** Rows not deleted (tombstones excluded). */
  get live(): number {
    return this.counts.live;
  }

  /** Keys of the rows that flash or are tombstones: the only ones that change with time. */
  get timed(): ReadonlySet<string> {
    return this.counts.timed;
  }

  get(key: string): Row | undefined {
    const c = this.changes.get(key);
    if (c !== undefined) return c ?? undefined;
    return this.base.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, row: Row): this {
    this.count(key, this.get(key), row);
    this.changes.set(key, row);
    return this;
  }

  delete(key: string): boolean {
    const before = this.get(key);
    if (before === undefined) return false;
    this.count(key, before, undefined);
    if (this.base.has(key)) this.changes.set(key, null);
    else this.changes.delete(key);
    return true;
  }

  *entries(): MapIterator<[string, Row]> {
    const { base, changes } = this;
    if (changes.size === 0) {
      yield* base.entries();
      return;
    }
    for (const [key, row] of base) {
      const c = changes.get(key);
      if (c === undefined) yield [key, row];
      else if (c !== null) yield [key, c];
    }
    for (const [key, c] of changes) if (c !== null && !base.has(key)) yield [key, c];
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<Row> {
    for (const [, row] of this.entries()) yield row;
  }

  [Symbol.iterator](): MapIterator<[string, Row]> {
    return this.entries();
  }

  forEach(f: (row: Row, key: string, map: ReadonlyMap<string, Row>) => void, thisArg?: unknown): void {
    for (const [key, row] of this.entries()) f.call(thisArg, row, key, this);
  }
}
