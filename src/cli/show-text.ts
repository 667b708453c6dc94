/** `magneto-watch show NAME` in plain text: the details, then one line per interaction, sanitised. */
import { formatBytes, type CassetteDetails, type InteractionSummary } from '../protocol/index.js';
import { displayWidth, fit, relativeTime } from '../ui/render/format.js';
import { sanitize, sanitizeDetails, sanitizeInteraction } from '../ui/render/sanitize.js';

/** What `show` found: the interactions, or why they are not listed. */
export type InteractionList = { list: InteractionSummary[] } | { unavailable: string };

function field(label: string, value: string): string {
  return `  ${label.padEnd(14)}${value}`;
}

function interactionLines(list: readonly InteractionSummary[]): string[] {
  const rows = list.map((raw) => {
    const i = sanitizeInteraction(raw);
    const method = i.kind === 'WebSocket' ? 'WS' : (i.method ?? '—');
    const status = i.status === null ? (i.error !== null ? 'error' : '—') : String(i.status);
    const time = i.response_time_ms === null ? '—' : `${i.response_time_ms} ms`;
    const extra =
      i.error !== null
        ? `  ${i.error}`
        : i.messages_count !== undefined
          ? `  (${i.messages_count} messages)`
          : '';
    return [String(i.index), method, status, time, i.url + extra];
  });
  const header = ['#', 'METHOD', 'STATUS', 'TIME', 'URL'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const line = (cells: string[]): string =>
    '  ' +
    cells
      .map((text, c) =>
        c === cells.length - 1 ? text : fit(text, widths[c] ?? 0, c === 0 ? 'right' : 'left'),
      )
      .join('  ');
  return [line(header), ...rows.map(line)];
}

/** The lines `show` prints; `now` for the relative time. */
export function showLines(raw: CassetteDetails, interactions: InteractionList, now: number): string[] {
  const d = sanitizeDetails(raw);
  const counts = `http ${d.http_count}, http errors ${d.http_error_count}, websocket ${d.websocket_count}`;
  const lines = [
    d.name,
    field('description', d.description ?? '—'),
    field('mode', d.mode ?? '—'),
    field('recorded', `${d.recorded_at ?? '—'} (${relativeTime(d.recorded_at, now)})`),
    field('size', formatBytes(d.size_bytes)),
    field('version', d.version ?? '—'),
    field('interactions', `${d.interactions_count ?? '—'} (${counts})`),
    field('cookies', String(d.cookies_count)),
  ];
  if (d.error !== undefined) lines.push(field('unreadable', d.error));
  lines.push('');
  if ('unavailable' in interactions)
    lines.push(`  interactions not listed: ${sanitize(interactions.unavailable)}`);
  else if (interactions.list.length === 0) lines.push('  no interactions');
  else lines.push(...interactionLines(interactions.list));
  return lines;
}
