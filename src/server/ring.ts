/**
 * The last `capacity` serialized events, indexed by their consecutive seq numbers.
 * Holds the exact bytes sent live, so a replay is byte-identical to the original.
 */
export class EventRing {
  readonly capacity: number;
  private readonly items: (Buffer | undefined)[];
  /** Seq of the oldest held event; meaningless while empty. */
  private firstSeq = 1;
  private count = 0;

  /** @param capacity how many events to keep (at least 1) */
  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.items = new Array<Buffer | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends the event with `seq`; seqs must be consecutive (`lastSeq + 1`). */
  push(seq: number, data: Buffer): void {
    if (this.count === 0) this.firstSeq = seq;
    else if (seq !== this.firstSeq + this.count) {
      throw new RangeError(`ring expected seq ${this.firstSeq + this.count}, got ${seq}`);
    }
    this.items[seq % this.capacity] = data;
    if (this.count < this.capacity) this.count++;
    else this.firstSeq++;
  }

  /**
   * Every held event with seq > `since`, oldest first, or `undefined` when some of them
   * already left the ring. `since` must not be ahead of the last pushed seq.
   */
  after(since: number): Buffer[] | undefined {
    if (this.count === 0) return [];
    const last = this.firstSeq + this.count - 1;
    if (since >= last) return [];
    if (since < this.firstSeq - 1) return undefined;
    const out: Buffer[] = [];
    for (let s = since + 1; s <= last; s++) out.push(this.items[s % this.capacity] as Buffer);
    return out;
  }
}
