import type { CassetteSummary } from '../../protocol/index.js';

/** Rows per chunk. A chunk array stays far below V8's large-object size (~128 KiB). */
const CHUNK = 512;

type Compare = (a: CassetteSummary, b: CassetteSummary) => number;

/** A change to a sorted list: entries leaving (by position) and entries going in (sorted). */
export interface ListEdit {
  /** Positions of the entries that leave, ascending. */
  cut: readonly number[];
  /** New entries, sorted. */
  added: readonly CassetteSummary[];
  /** Where each new entry goes: its lower bound in the list before the edit, ascending. */
  at: readonly number[];
}

/**
 * The visible rows: an immutable sorted list stored in chunks, so that an edit copies only
 * the chunks it touches. One flat array of 10 000+ rows copied every frame of an event
 * storm was V8 "large object" garbage, which goes straight to the old generation and grew
 * the heap by tens of MB before a full GC reclaimed it.
 */
export class RowList {
  static readonly empty = new RowList([]);

  private readonly chunks: readonly (readonly CassetteSummary[])[];
  /** Position of the first row of each chunk. */
  private readonly starts: readonly number[];
  readonly length: number;

  private constructor(chunks: readonly (readonly CassetteSummary[])[]) {
    this.chunks = chunks;
    const starts: number[] = [];
    let n = 0;
    for (const c of chunks) {
      starts.push(n);
      n += c.length;
    }
    this.starts = starts;
    this.length = n;
  }

  /** A list of `rows`, which must be sorted already. */
  static of(rows: readonly CassetteSummary[]): RowList {
    const chunks: CassetteSummary[][] = [];
    for (let i = 0; i < rows.length; i += CHUNK) chunks.push(rows.slice(i, i + CHUNK));
    return new RowList(chunks);
  }

  /** Which chunk holds position `i` (0 ≤ i < length). */
  private chunkOf(i: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(i: number): CassetteSummary | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const k = this.chunkOf(i);
    return this.chunks[k]?.[i - (this.starts[k] as number)];
  }

  /** Rows `from` up to (not including) `to`. */
  slice(from: number, to: number): CassetteSummary[] {
    const out: CassetteSummary[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++)
      out.push(this.at(i) as CassetteSummary);
    return out;
  }

  findIndex(predicate: (s: CassetteSummary) => boolean): number {
    let i = 0;
    for (const c of this.chunks) {
      for (let j = 0; j < c.length; j++, i++) if (predicate(c[j] as CassetteSummary)) return i;
    }
    return -1;
  }

  *[Symbol.iterator](): IterableIterator<CassetteSummary> {
    for (const c of this.chunks) yield* c;
  }

  toArray(): CassetteSummary[] {
    return ([] as CassetteSummary[]).concat(...this.chunks);
  }

  /** First position whose row does not sort before `s`. */
  lowerBound(s: CassetteSummary, cmp: Compare): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(this.at(mid) as CassetteSummary, s) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where `s` itself is (binary search, then the run of equal keys), or -1. */
  indexOf(s: CassetteSummary, cmp: Compare): number {
    for (let i = this.lowerBound(s, cmp); i < this.length; i++) {
      const r = this.at(i) as CassetteSummary;
      if (r === s) return i;
      if (cmp(r, s) !== 0) break;
    }
    return -1;
  }

  /** The list after `edit`; chunks it does not touch are shared, not copied. */
  edit({ cut, added, at }: ListEdit): RowList {
    if (cut.length === 0 && added.length === 0) return this;
    const chunks: (readonly CassetteSummary[])[] = [];
    let c = 0;
    let j = 0;
    for (let k = 0; k < this.chunks.length; k++) {
      const chunk = this.chunks[k] as readonly CassetteSummary[];
      const start = this.starts[k] as number;
      const end = start + chunk.length;
      const last = k === this.chunks.length - 1;
      // New entries at position `end` belong to the next chunk, or to the last one.
      const inserts = (p: number): boolean => p < end || (last && p === end);
      if (
        (c >= cut.length || (cut[c] as number) >= end) &&
        (j >= added.length || !inserts(at[j] as number))
      ) {
        chunks.push(chunk);
        continue;
      }
      const rows: CassetteSummary[] = [];
      for (let i = start; i <= end; i++) {
        for (; j < added.length && (at[j] as number) === i && inserts(i); j++)
          rows.push(added[j] as CassetteSummary);
        if (i === end) break;
        if (c < cut.length && cut[c] === i) c++;
        else rows.push(chunk[i - start] as CassetteSummary);
      }
      for (let i = 0; i < rows.length; i += 2 * CHUNK) chunks.push(rows.slice(i, i + 2 * CHUNK));
    }
    if (this.chunks.length === 0) chunks.push(added.slice());
    const next = new RowList(chunks.filter((ch) => ch.length > 0));
    // Many small chunks after deletions: lay them out again.
    return next.chunks.length > 2 * Math.ceil(next.length / CHUNK) + 2 ? RowList.of(next.toArray()) : next;
  }
}
