/**
 * The event every fan-out server sends: the CassetteCreated shape of protocol.md §3 with
 * `seq` and `epoch`. Baselines build it here; magneto-watch builds its own from a
 * POST. The create time (ms, wall clock, sub-ms precision) travels in
 * `cassette.description` so that clients can compute create→delivery latency.
 */
export const BENCH_EPOCH = 'bench0123456789a';

export function createdEvent(seq: number, createdAtMs: number): Record<string, unknown> {
  const now = new Date(createdAtMs).toISOString();
  return {
    type: 'CassetteCreated',
    cassette: {
      name: `bench-${String(seq).padStart(7, '0')}`,
      description: createdAtMs.toFixed(3),
      recorded_at: now,
      interactions_count: 0,
      mode: 'auto',
      size_bytes: 146,
    },
    timestamp: now,
    seq,
    epoch: BENCH_EPOCH,
  };
}

/**
 * Calls `emit(first, n, createdAtMs)` for bursts of `burst` consecutive events
 * (n = burst except maybe the last) so that `count` events go out at a steady
 * `rate` per second; all events of one burst are emitted in the same tick.
 * Resolves after the last burst.
 */
export function steadyBursts(
  count: number,
  rate: number,
  burst: number,
  emit: (first: number, n: number, createdAtMs: number) => void,
  now: () => number,
): Promise<void> {
  const bursts = Math.ceil(count / burst);
  const burstRate = rate / burst;
  return new Promise((resolve) => {
    const t0 = now();
    let b = 0;
    const tick = (): void => {
      const due = Math.min(bursts, Math.floor(((now() - t0) * burstRate) / 1000) + 1);
      while (b < due) {
        const first = b * burst;
        emit(first, Math.min(burst, count - first), now());
        b++;
      }
      if (b >= bursts) resolve();
      else setTimeout(tick, Math.max(0, t0 + (b * 1000) / burstRate - now()));
    };
    tick();
  });
}
