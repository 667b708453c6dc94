/** First reconnect delay (protocol.md §4.3). */
export const BACKOFF_BASE_MS = 1_000;
/** Largest reconnect delay before jitter. */
export const BACKOFF_CAP_MS = 30_000;
/** A connection must stay live this long before the attempt counter resets. */
export const BACKOFF_RESET_AFTER_MS = 10_000;

/**
 * Reconnect delay for a 0-based attempt: `min(30 s, 1 s·2^attempt)`, then jitter
 * ×[0.5, 1] applied after the cap (so the longest wait is 30 s, the shortest at the cap 15 s).
 * `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const n = Math.max(0, Math.floor(attempt));
  // 2^15 s is already past the cap; avoid Infinity for huge attempts.
  const capped = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(n, 15));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(capped * (0.5 + 0.5 * r));
}
