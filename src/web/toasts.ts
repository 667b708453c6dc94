import { afterAnimation, el } from './dom.js';

/** How long a notice stays (the plan's snackbar: 3 s); errors stay longer. */
export const TOAST_MS = 3000;
export const ERROR_TOAST_MS = 8000;
/** At most this many notices at once; a burst drops the oldest. */
export const MAX_TOASTS = 4;

/**
 * Notices in a polite live region (screen readers read them without moving focus): the
 * plan's "New cassette: {name}" and friends, and errors of the user's own actions.
 */
export class Toasts {
  constructor(private readonly region: HTMLElement) {}

  show(text: string, kind: 'info' | 'error' = 'info'): void {
    const close = el('button', {
      className: 'close',
      text: '×',
      attrs: { type: 'button', 'aria-label': 'Dismiss' },
    });
    const toast = el(
      'div',
      { className: `toast ${kind}`, ...(kind === 'error' ? { attrs: { role: 'alert' } } : {}) },
      [el('span', { text }), close],
    );
    const dismiss = (): void => {
      if (toast.dataset.leaving !== undefined) return;
      clearTimeout(timer);
      toast.dataset.leaving = '';
      afterAnimation(toast, () => toast.remove());
    };
    close.addEventListener('click', dismiss);
    const timer = setTimeout(dismiss, kind === 'error' ? ERROR_TOAST_MS : TOAST_MS);
    this.region.append(toast);
    while (this.region.children.length > MAX_TOASTS) this.region.firstElementChild?.remove();
  }
}
