import { MAX_TOASTS, TOAST_MS } from './timing.js';
import type { Toast, UiState } from './types.js';

type ToastState = Pick<UiState, 'toasts' | 'more' | 'nextToastId'>;

/**
 * Adds a toast. At most MAX_TOASTS lines are shown; past that, info toasts fold into
 * one "+N more changes" line (a burst becomes a count, not a scroll). Errors keep a
 * line of their own and push the oldest info toast into the count; an error already
 * shown is not shown twice.
 */
export function addToast(s: ToastState, kind: Toast['kind'], text: string, now: number): ToastState {
  let toasts = s.toasts;
  let more = s.more;
  // The same error again (a key pressed twice) says so once: its toast starts its time again.
  const same = kind === 'error' ? toasts.findIndex((t) => t.kind === 'error' && t.text === text) : -1;
  if (same >= 0) {
    const again = { ...(toasts[same] as Toast), at: now };
    return { toasts: [...toasts.filter((_, i) => i !== same), again], more, nextToastId: s.nextToastId };
  }
  if (kind === 'info' && more.count > 0) {
    return { toasts, more: { count: more.count + 1, at: now }, nextToastId: s.nextToastId };
  }
  toasts = [...toasts, { id: s.nextToastId, kind, text, at: now }];
  while (toasts.length + (more.count > 0 ? 1 : 0) > MAX_TOASTS) {
    const infoAt = toasts.findIndex((t) => t.kind === 'info');
    if (infoAt >= 0) {
      // Keep the oldest info toast readable; fold the newer ones.
      const fold = toasts.length - 1 - [...toasts].reverse().findIndex((t) => t.kind === 'info');
      toasts = toasts.filter((_, i) => i !== fold);
      more = { count: more.count + 1, at: now };
    } else {
      toasts = toasts.slice(1);
    }
  }
  return { toasts, more, nextToastId: s.nextToastId + 1 };
}

/** Drops toasts older than TOAST_MS. */
export function expireToasts(s: ToastState, now: number): ToastState {
  const toasts = s.toasts.filter((t) => now - t.at < TOAST_MS);
  const more = s.more.count > 0 && now - s.more.at >= TOAST_MS ? { count: 0, at: 0 } : s.more;
  if (toasts.length === s.toasts.length && more === s.more) return s;
  return { toasts, more, nextToastId: s.nextToastId };
}
