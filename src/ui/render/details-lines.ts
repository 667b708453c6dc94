import { fit, humanSize, relativeTime, truncate } from './format.js';
import type { Overlay, Row } from '../state/types.js';
import type { Theme } from './theme.js';

type DetailsOverlay = Extract<Overlay, { kind: 'details' }>;

/** Summary of one cassette then its interactions, scrolled by `overlay.scroll`. All strings are sanitised. */
export function detailsLines(
  o: DetailsOverlay,
  row: Row | undefined,
  now: number,
  width: number,
  height: number,
  theme: Theme,
): string[] {
  const d = o.details;
  const v = d ?? row?.view;
  const lines: string[] = [theme.bold(` ${truncate(v?.name ?? o.key, width - 2)}`)];
  if (o.error !== undefined) lines.push(theme.red(` ✕ ${o.error}`));
  if (v) {
    lines.push(` description   ${v.description ?? '—'}`);
    lines.push(
      ` mode          ${v.mode ?? 'auto'}    recorded ${v.recorded_at ?? '—'} (${relativeTime(v.recorded_at, now)})`,
    );
    lines.push(` interactions  ${v.interactions_count ?? '—'}    size ${humanSize(v.size_bytes)}`);
  }
  if (d) {
    // A count the server does not report (upstream without stats) is unknown, not 0.
    const n = (count: number | null): string => (count === null ? '?' : String(count));
    lines.push(
      ` version ${d.version ?? '—'}   http ${n(d.http_count)}   http errors ${n(d.http_error_count)}   websocket ${n(d.websocket_count)}   cookies ${n(d.cookies_count)}`,
    );
  }
  if (v?.error !== undefined) lines.push(theme.red(` unreadable: ${v.error}`));
  lines.push('');
  if (!o.interactions) lines.push(o.error === undefined ? theme.dim(' loading…') : '');
  else if (o.interactions.length === 0) lines.push(theme.dim(' no interactions'));
  else {
    lines.push(
      theme.bold(` ${fit('#', 4, 'right')}  ${fit('METHOD', 7)} ${fit('STATUS', 6)} ${fit('TIME', 7)} URL`),
    );
    const room = Math.max(1, height - lines.length - 1);
    const list = o.interactions.slice(o.scroll, o.scroll + room);
    for (const i of list) {
      const status = i.status === null ? (i.error !== null ? 'error' : '—') : String(i.status);
      const time = i.response_time_ms === null ? '—' : `${i.response_time_ms}ms`;
      const method = i.kind === 'WebSocket' ? 'WS' : (i.method ?? '—');
      lines.push(
        ` ${fit(String(i.index), 4, 'right')}  ${fit(method, 7)} ${fit(status, 6)} ${fit(time, 7)} ${i.url}${i.error ? `  ${i.error}` : ''}`,
      );
    }
    const rest = o.interactions.length - o.scroll - list.length;
    if (rest > 0) lines.push(theme.dim(`   … ${rest} more (↑/↓ scroll)`));
  }
  lines.length = Math.min(lines.length, height);
  return lines;
}
