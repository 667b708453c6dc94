import { findCookieSecrets, findSecrets, type BodyAllowance } from '../../protocol/index.js';
import { decodeInteraction } from './interaction-detail.js';

/** Bounds of the index's secret scan of one cassette (protocol.md §2.5). */
export interface SecretScanLimits {
  /**
   * Bytes of text bodies and messages scanned per cassette; headers, URLs and cookies are
   * always scanned. @default 2097152 (2 MiB)
   */
  maxBytes?: number;
  /** Time per cassette, checked between interactions. @default 50 */
  maxMs?: number;
  /** Elapsed-time source (a cost, not time of day: architecture.md §3). @default performance.now */
  now?: () => number;
}

export const DEFAULT_SCAN_BYTES = 2 * 1024 * 1024;
export const DEFAULT_SCAN_MS = 50;
const NO_TIMES = { times: false } as const;

/**
 * What the index keeps of a scan: the count, whether a bound cut it short, and the count of
 * each interaction that has secrets (`[index, count]`, in order: sparse, as most have none),
 * which the interaction lines carry (protocol.md §2.1, §2.5).
 */
export interface SecretCount {
  count: number;
  partial: boolean;
  byInteraction: Array<[number, number]>;
}

/** One budget of text bytes shared by every body of a cassette. */
class SharedBudget implements BodyAllowance {
  cut = false;
  constructor(private left: number) {}
  allow(): number {
    return this.left;
  }
  spent(bytes: number, cut: boolean): void {
    this.left = Math.max(0, this.left - bytes);
    if (cut) this.cut = true;
  }
}

/**
 * Counts the secrets of a readable cassette: its cookies, then each interaction as the
 * interaction answer would find them (the same decoding and rules), until the byte budget
 * of bodies is spent (later interactions still have their headers and URLs scanned) or the
 * time is up.
 */
export function countSecrets(doc: Record<string, unknown>, limits: SecretScanLimits = {}): SecretCount {
  const now = limits.now ?? (() => performance.now());
  const maxMs = limits.maxMs ?? DEFAULT_SCAN_MS;
  const budget = new SharedBudget(limits.maxBytes ?? DEFAULT_SCAN_BYTES);
  const started = now();
  let count = findCookieSecrets(doc.cookies).length;
  const byInteraction: Array<[number, number]> = [];
  const interactions = doc.interactions as Array<Record<string, unknown>>;
  for (let i = 0; i < interactions.length; i++) {
    // Every 16th interaction: reading the time costs as much as scanning a small one.
    if (i % 16 === 15 && now() - started > maxMs) return { count, partial: true, byInteraction };
    const decoded = decodeInteraction(interactions[i] as Record<string, unknown>, i, budget, NO_TIMES);
    const found = findSecrets(decoded).length;
    if (found > 0) byInteraction.push([i, found]);
    count += found;
  }
  return { count, partial: budget.cut, byInteraction };
}
