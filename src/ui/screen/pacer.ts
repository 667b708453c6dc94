/** Decides how long to wait after a frame before the next one may be drawn. */
export interface FramePacer {
  /** @param costMs CPU time the frame just took (render + output). */
  delayAfter(costMs: number): number;
  /**
   * How long after the last frame a frame answering a key press may come: the frame-rate
   * cap and the byte budget, not the CPU share (keys come at human rate, the CPU share
   * is for storms). @default the last `delayAfter`
   */
  keyDelay?(): number;
}

/** At most one frame per `ms`. @default 33 (≈30 frames/s) */
export function fixedPacer(ms = 33): FramePacer {
  return { delayAfter: () => ms, keyDelay: () => ms };
}

export interface BudgetPacerOptions {
  /** Smallest gap: 34 ms keeps a sustained storm just under 30 frames/s. @default 34 */
  minMs?: number;
  /** Share of one core frames may use. @default 0.15 */
  cpuShare?: number;
  /** Output bytes per second, on average. @default 16000 */
  bytesPerSecond?: number;
  /** Bytes that may go out at once above the average (a repaint after a key). @default 8000 */
  burstBytes?: number;
  /** Bytes written to the terminal since the last call. */
  takeBytes: () => number;
  /** Wall clock (ms). @default performance.now */
  now?: () => number;
}

/**
 * Spaces frames so that rendering stays under a CPU share and the terminal under a byte
 * rate: a frame that cost 9 ms at 15% waits 60 ms. Bytes go through a bucket that fills
 * at `bytesPerSecond` up to `burstBytes`: an occasional full repaint (a key that scrolls
 * a page, an overlay) goes out at once, and only a sustained excess spaces the frames
 * (4 KB over the bucket at 16 KB/s waits 250 ms). Under a storm the screen updates less
 * often instead of costing more.
 */
export function budgetPacer(o: BudgetPacerOptions): FramePacer {
  const minMs = o.minMs ?? 34;
  const share = o.cpuShare ?? 0.15;
  const rate = o.bytesPerSecond ?? 16_000;
  const burst = o.burstBytes ?? 8_000;
  const now = o.now ?? (() => performance.now());
  let tokens = burst;
  let last: number | undefined;
  let keyDelay = minMs;
  return {
    delayAfter(costMs) {
      const t = now();
      if (last !== undefined) tokens = Math.min(burst, tokens + ((t - last) * rate) / 1000);
      last = t;
      // The debt is capped: a burst of big frames delays the next by at most burst/rate.
      tokens = Math.max(-burst, tokens - o.takeBytes());
      keyDelay = Math.max(minMs, tokens < 0 ? (-tokens / rate) * 1000 : 0);
      return Math.max(keyDelay, costMs / share);
    },
    keyDelay: () => keyDelay,
  };
}
