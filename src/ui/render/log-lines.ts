import { entryText, type EventLog, type LogEntry } from '../state/event-log.js';
import { logWindow, type LogOverlay } from '../state/log-view.js';
import { clockTime } from './format.js';
import type { Theme } from './theme.js';

function entryLine(e: LogEntry, theme: Theme): string {
  const line = ` ${clockTime(e.at)}  ${entryText(e)}`;
  if (e.kind === 'error' || (e.kind === 'status' && e.status.kind === 'failed')) return theme.red(line);
  return e.kind === 'status' || e.kind === 'info' ? theme.dim(line) : line;
}

/**
 * The event log view: a title, then the entries that fit, oldest at the top; text is built
 * for these lines only (and cached per entry), whatever the log holds.
 */
export function logLines(log: EventLog, o: LogOverlay, height: number, theme: Theme): string[] {
  const room = Math.max(1, height - 1);
  const w = logWindow(log, o, room);
  let title = ` Event log · ${log.length} ${log.length === 1 ? 'entry' : 'entries'}`;
  if (o.filter !== '') title += ` · ${w.matching} matching "${o.filter}"`;
  if (w.newer > 0) title += ` · ${w.newer} newer below (G)`;
  const lines = [theme.bold(title)];
  for (const i of w.shown) lines.push(entryLine(log.at(i) as LogEntry, theme));
  if (w.shown.length === 0)
    lines.push(theme.dim(o.filter === '' ? ' nothing yet' : ' no entry matches the filter'));
  return lines;
}
