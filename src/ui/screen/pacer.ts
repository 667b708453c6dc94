/** Decides how long to wait after a frame before the next one may be drawn. */
export interface FramePacer {
  /** @param costMs CPU time the frame just took (render + output). */
  delayAfter(costMs: number): number;
}

/** At most one frame per `ms`. @default 33 (≈30 frames/s) */
export function fixedPacer(ms = 33): FramePacer {
  return { delayAfter: () => ms };
}

export interface BudgetPacerOptions {
  /** @default 33 */
  minMs?: number;
  /** Share of one core frames may use. @default 0.15 */
  cpuShare?: number;
  /** Output bytes per second. @default 16000 */
  bytesPerSecond?: number;
  /** Bytes written to the terminal since the last call. */
  takeBytes: () => number;
}

/**
 * Spaces frames so that rendering stays under a CPU share and the terminal under a byte
 * rate: a frame that cost 6 ms at 15% waits 40 ms; one that wrote 4 KB at 16 KB/s waits
 * 250 ms. Under a storm the screen updates less often instead of costing more.
 */
export function budgetPacer(o: BudgetPacerOptions): FramePacer {
  const minMs = o.minMs ?? 33;
  const share = o.cpuShare ?? 0.15;
  const rate = o.bytesPerSecond ?? 16_000;
  return {
    delayAfter(costMs) {
      const bytes = o.takeBytes();
      return Math.max(minMs, costMs / share, (bytes / rate) * 1000);
    },
  };
}
