import { formatBytes } from '../../protocol/index.js';
/** A WebSocket interaction's message timeline (issue 9, Deliver §4). */
import type { Body, CloseFrameDetail, WebSocketMessageDetail } from '../../protocol/index.js';
import type { DocLine } from './body-lines.js';
import { truncate } from './format.js';
import { fromBase64 } from './hex-dump.js';
import { sanitize } from './sanitize.js';
import { span } from './styled-line.js';

/** A payload preview is cut to this many columns (the inspector scrolls sideways up to it). */
export const PREVIEW_COLUMNS = 400;
/** Bytes a binary payload's preview shows in hex. */
const PREVIEW_BYTES = 16;

/** `+1.234s`: time since the connection opened. */
export function sinceConnect(ms: number): string {
  return `+${(ms / 1000).toFixed(3)}s`;
}

function preview(body: Body): string {
  if (body.size_bytes === 0) return '(empty)';
  if (body.encoding === 'utf8') {
    const text = truncate(sanitize(body.text), PREVIEW_COLUMNS);
    return body.truncated && !text.endsWith('…') ? `${text}…` : text;
  }
  const bytes = fromBase64(body.data).subarray(0, PREVIEW_BYTES);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${formatBytes(body.size_bytes)} binary  ${hex}${body.size_bytes > bytes.length ? ' …' : ''}`;
}

/**
 * One line per message: `→ Text    +0.120s  {"op":"subscribe"}` (→ sent, ← received), then
 * the close frame with its code and reason.
 */
export function messageLines(
  messages: readonly WebSocketMessageDetail[],
  close: CloseFrameDetail | null,
): DocLine[] {
  const lines: DocLine[] = [[span(`Messages (${messages.length})`, 'bold')]];
  if (messages.length === 0) lines.push([span('no messages', 'dim')]);
  const times = messages.map((m) => sinceConnect(m.timestamp_ms));
  const timeWidth = Math.max(0, ...times.map((t) => t.length));
  messages.forEach((m, i) => {
    const sent = m.direction === 'Sent';
    lines.push([
      span(sent ? '→' : '←', sent ? 'info' : 'ok'),
      span(` ${m.msg_type.padEnd(6)} `),
      span((times[i] ?? '').padStart(timeWidth), 'dim'),
      span(`  ${preview(m.body)}`),
    ]);
  });
  if (close === null) lines.push([span('no close frame recorded', 'dim')]);
  else
    lines.push([
      span('✕ close ', close.code === 1000 ? 'dim' : 'warn'),
      span(String(close.code), close.code === 1000 ? 'plain' : 'warn'),
      span(close.reason === '' ? '' : `  ${sanitize(close.reason)}`),
    ]);
  return lines;
}
