import type { ConnectionStatus } from '../client/browser.js';

/** What the page's connection badge shows (the plan's "Live" / "Reconnecting…", US-3.2.1). */
export interface Badge {
  /** Colour of the dot: green, amber or red. */
  tone: 'live' | 'waiting' | 'error';
  label: string;
  /** Attempt, countdown and reason; empty when there is nothing to add. */
  detail: string;
}

function secondsUntil(at: number | undefined, now: number): number {
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The badge for a connection status at `now` (the engine's clock, ms). */
export function badge(status: ConnectionStatus, now: number): Badge {
  switch (status.kind) {
    case 'live':
      return { tone: 'live', label: 'Live', detail: '' };
    case 'connecting':
      return { tone: 'waiting', label: 'Connecting…', detail: '' };
    case 'reconnecting': {
      const parts = [`attempt ${status.attempt}`, `next try in ${secondsUntil(status.retryAt, now)} s`];
      if (status.reason) parts.push(status.reason);
      return { tone: 'waiting', label: 'Reconnecting…', detail: parts.join(' · ') };
    }
    case 'polling':
      return {
        tone: 'live',
        label: 'Polling',
        detail: `the server has no /ws: listing every ${status.intervalMs / 1000} s`,
      };
    case 'failed': {
      // A refused token is the token panel's to explain; the reason names a terminal option.
      const token = status.code === 'unauthorized';
      const parts = token ? [] : [status.reason];
      if (status.retryAt !== undefined) parts.push(`next try in ${secondsUntil(status.retryAt, now)} s`);
      return { tone: 'error', label: token ? 'Token needed' : 'Error', detail: parts.join(' · ') };
    }
  }
}
