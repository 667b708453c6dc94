import type { ConnectionStatus } from '../client/types.js';

/** One plain line for a connection status (stderr in NDJSON mode). */
export function describeStatus(status: ConnectionStatus, now: number): string {
  switch (status.kind) {
    case 'connecting':
      return 'connecting…';
    case 'live':
      return 'live';
    case 'reconnecting': {
      const seconds = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
      return `reconnecting in ${seconds}s (attempt ${status.attempt})${status.reason ? `: ${status.reason}` : ''}`;
    }
    case 'polling':
      return `polling every ${status.intervalMs} ms (server has no /ws)`;
    case 'failed':
      return `error: ${status.reason}`;
  }
}
