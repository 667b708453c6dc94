import { describeWatch } from '../../protocol/index.js';
import { displayWidth, fit, plural, realign, truncate } from './format.js';
import { sanitize } from './sanitize.js';
import { isTombstone, liveCount, visibleRows } from '../state/selectors.js';
import type { UiState } from '../state/types.js';
import type { Theme } from './theme.js';

/** `12 345`: thousands apart, so that a count that grows stays readable. */
const count = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/**
 * `● Live`, `● Live (disk polled every 1000 ms)`, `◌ Indexing 3 200/10 000…`, `◌ Connecting…`,
 * `◌ Reconnecting in 4s (attempt 3)`, `◌ Polling (server has no /ws)`, `⏸ Paused (N pending)`,
 * `✕ reason`. The server's status (protocol.md §3.7) qualifies `live`.
 */
export function statusText(state: UiState, theme: Theme): string {
  if (state.paused) return theme.yellow(`⏸ Paused (${state.paused.count} pending)`);
  const s = state.status;
  switch (s.kind) {
    case 'live': {
      const { indexing, watch } = state.info;
      if (indexing) return theme.cyan(`◌ Indexing ${count(indexing.done)}/${count(indexing.total)}…`);
      return theme.green(watch?.mode === 'poll' ? `● Live (disk ${describeWatch(watch)})` : '● Live');
    }
    case 'connecting':
      return theme.yellow('◌ Connecting…');
    case 'reconnecting': {
      const secs = Math.max(0, Math.ceil((s.retryAt - state.now) / 1000));
      return theme.yellow(`◌ Reconnecting in ${secs}s (attempt ${s.attempt})`);
    }
    case 'polling':
      return theme.cyan('◌ Polling (server has no /ws)');
    case 'failed': {
      const secs = s.retryAt === undefined ? 0 : Math.ceil((s.retryAt - state.now) / 1000);
      return theme.red(`✕ ${sanitize(s.reason)}${secs > 0 ? ` (retry in ${secs}s)` : ''}`);
    }
  }
}

export interface HeaderLabels {
  url: string;
  dir?: string;
  notice?: string;
}

/**
 * The status line: title, connection state, server URL (`web http://…/` on a magneto-watch
 * server, whose root is the live page), directory, notice, and the row count on the right.
 */
export function headerLine(state: UiState, labels: HeaderLabels, width: number, theme: Theme): string {
  const total = liveCount(state);
  let shown = '';
  if (state.filter) {
    let n = 0;
    for (const s of visibleRows(state)) if (!isTombstone(state, s.name)) n++;
    shown = `${n}/`;
  }
  const count = shown + plural(total, 'cassette');
  const title = ` ${theme.bold('magneto-watch')}  ${statusText(state, theme)}`;
  const dir = labels.dir ?? state.info.dir;
  // A magneto-watch server serves its live page at its root (protocol.md §7): say where.
  const url = state.info.flavor === 'magneto-watch' ? `web ${labels.url}/` : labels.url;
  const optional = [url, dir === undefined ? undefined : sanitize(dir), labels.notice].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  const titleWidth = displayWidth(title);
  const room = width - titleWidth - count.length - 1;
  // Drop the notice, then the directory, before cutting what remains.
  let middle = '';
  for (let n = optional.length; n >= 0; n--) {
    middle = optional
      .slice(0, n)
      .map((p) => `   ${p}`)
      .join('');
    if (displayWidth(middle) + 2 <= room || n === 0) break;
  }
  middle = truncate(middle, Math.max(0, room - 2));
  const middleWidth = displayWidth(middle);
  const gap = Math.max(1, width - titleWidth - middleWidth - count.length - 1);
  // A server's reason, URL or directory may hold characters the terminal counts otherwise.
  const line =
    title +
    realign(title, titleWidth) +
    middle +
    realign(middle, titleWidth + middleWidth) +
    `${' '.repeat(gap)}${count} `;
  return displayWidth(line) <= width ? line : fit(` magneto-watch  ${count}`, width);
}
