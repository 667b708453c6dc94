import { describe, expect, it } from 'vitest';
import { badge } from '../../src/web/badge.js';

const NOW = 1_000_000;

describe("the page's connection badge", () => {
  it.each([
    [{ kind: 'live' }, { tone: 'live', label: 'Live', detail: '' }],
    [{ kind: 'connecting' }, { tone: 'waiting', label: 'Connecting…', detail: '' }],
    [
      { kind: 'reconnecting', attempt: 3, retryAt: NOW + 3_200, reason: 'server went away' },
      { tone: 'waiting', label: 'Reconnecting…', detail: 'attempt 3 · next try in 4 s · server went away' },
    ],
    [
      { kind: 'reconnecting', attempt: 1, retryAt: NOW - 50 },
      { tone: 'waiting', label: 'Reconnecting…', detail: 'attempt 1 · next try in 0 s' },
    ],
    [
      { kind: 'polling', intervalMs: 2000 },
      { tone: 'live', label: 'Polling', detail: 'the server has no /ws: listing every 2 s' },
    ],
    [
      {
        kind: 'failed',
        reason: '401 Unauthorized: check --token',
        code: 'unauthorized',
        retryAt: NOW + 30_000,
      },
      { tone: 'error', label: 'Token needed', detail: 'next try in 30 s' },
    ],
    [
      { kind: 'failed', reason: 'not a magneto server', code: 'not_magneto' },
      { tone: 'error', label: 'Error', detail: 'not a magneto server' },
    ],
  ] as const)('shows %j as %j', (status, shown) => {
    expect(badge(status, NOW)).toEqual(shown);
  });
});
