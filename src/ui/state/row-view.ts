import type { CassetteSummary } from '../../protocol/index.js';
import { sanitizeSummary } from '../render/sanitize.js';

/** What the views and the sort need of one summary, computed once per summary object. */
export interface RowView {
  /** Sanitised: the summary itself when it needed nothing. */
  view: CassetteSummary;
  /** Lower-cased display name: the sort compares it again and again. */
  lower: string;
  /** `recorded_at` in ms; -Infinity when unknown. */
  recordedMs: number;
}

// Summaries are immutable and replaced on change, so the object is the cache key: a summary is
// sanitised once, when it arrives, and its entry dies with it.
const views = new WeakMap<CassetteSummary, RowView>();

/** The sanitised view and sort keys of `summary`. */
export function rowView(summary: CassetteSummary): RowView {
  let v = views.get(summary);
  if (v === undefined) {
    const view = sanitizeSummary(summary);
    const t = view.recorded_at === null ? NaN : Date.parse(view.recorded_at);
    v = { view, lower: view.name.toLowerCase(), recordedMs: Number.isNaN(t) ? -Infinity : t };
    views.set(summary, v);
  }
  return v;
}

/** The sanitised form of `summary` (see {@link rowView}). */
export function viewOf(summary: CassetteSummary): CassetteSummary {
  return rowView(summary).view;
}
