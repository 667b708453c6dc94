import { formatBytes } from '../../protocol/index.js';
import { fit, plural, realign, relativeTime, truncate } from './format.js';
import { methodOf, shownInteractions, statusOf } from '../state/details.js';
import { bodyHeight, findRow } from '../state/selectors.js';
import { flashStep } from '../state/timing.js';
import type { DetailsOverlay, Row, UiState } from '../state/types.js';
import type { InteractionSummary } from '../../protocol/index.js';
import { createTheme, type Theme } from './theme.js';

/** What the details show besides the overlay: all strings sanitised. */
export interface DetailsContext {
  row: Row | undefined;
  now: number;
  width: number;
  height: number;
  theme: Theme;
  /** The cassette's file: its path when the directory is known (selectors.ts `cassetteFile`), else its name. */
  file: string;
}

/** For counting lines: no styling. */
const PLAIN_THEME = createTheme(false);

/** Cursor, `+` marker, `⚠` cell: the columns before an interaction's index. */
const LIST_PREFIX = 4;

/**
 * The summary above the list: name (and `deleted`), error, description, mode, counts,
 * per-kind counts, the file. Its length decides the list's room, so the reducer keeps the
 * selection in view with the same count (`detailsListRoom`).
 */
function headLines(
  o: DetailsOverlay,
  row: Row | undefined,
  now: number,
  theme: Theme,
  file: string,
): string[] {
  const d = o.details;
  const v = d ?? row?.view;
  const name = v?.name ?? o.key;
  const lines: string[] = [theme.bold(` ${name}`) + (o.deleted ? theme.red('  (deleted)') : '')];
  if (o.error !== undefined) lines.push(theme.red(` ✕ ${o.error}`));
  if (v) {
    const secrets = v.secrets_count
      ? `    ⚠ ${plural(v.secrets_count, 'secret')}${v.secrets_partial ? ' or more' : ''}`
      : '';
    lines.push(` description   ${v.description ?? '—'}`);
    lines.push(
      ` mode          ${v.mode ?? 'auto'}    recorded ${v.recorded_at ?? '—'} (${relativeTime(v.recorded_at, now)})`,
    );
    lines.push(
      ` interactions  ${v.interactions_count ?? '—'}    size ${formatBytes(v.size_bytes)}${secrets}`,
    );
  }
  if (d) {
    // A count the server does not report (upstream without stats) is unknown, not 0.
    const n = (count: number | null): string => (count === null ? 'unknown' : String(count));
    lines.push(
      ` version ${d.version ?? '—'}   http ${n(d.http_count)}   http errors ${n(d.http_error_count)}   websocket ${n(d.websocket_count)}   cookies ${n(d.cookies_count)}`,
    );
  }
  // The file itself (issue 9, issue 10): its path, or its name when the directory is not
  // known (a remote server); the line is always there, so the list's room depends on state only.
  lines.push(` file          ${file}`);
  if (v?.error !== undefined) lines.push(theme.red(` unreadable: ${v.error}`));
  return lines;
}

/** Lines of the list (without its heading): what the body leaves under the summary. */
function listRoom(head: number, height: number): number {
  // The filter line, the heading, and the "… N more" line.
  return Math.max(1, height - head - 3);
}

/** Lines the open details give their list (state/details.ts keeps the selection within them). */
export function detailsListRoom(state: UiState): number {
  const o = state.overlay;
  if (o.kind !== 'details') return 1;
  const head = headLines(o, findRow(state, o.key), state.now, PLAIN_THEME, '');
  return listRoom(head.length, bodyHeight(state) + 1);
}

/** ` 3 of 12 shown · filter "api" · failures only (f)`, or blank when everything is shown. */
function filterLine(o: DetailsOverlay, shown: number, theme: Theme): string {
  if (o.filter === '' && !o.failuresOnly) return '';
  const parts = [`${shown} of ${plural(o.interactions?.length ?? 0, 'interaction')}`];
  if (o.filter !== '') parts.push(`filter "${o.filter}"`);
  if (o.failuresOnly) parts.push('failures only (f)');
  return theme.cyan(` ${parts.join(' · ')}`);
}

function interactionLine(
  i: InteractionSummary,
  selected: boolean,
  step: number | undefined,
  theme: Theme,
): string {
  const warn = i.secrets_count ? '⚠' : '';
  const time = i.response_time_ms === null ? '—' : `${i.response_time_ms}ms`;
  // ⚠ is one column or two depending on the terminal: the index is put at its column after it.
  let text = `${selected ? '›' : ' '}${step !== undefined ? '+' : ' '}${fit(warn, 2)}${realign(warn, LIST_PREFIX)}`;
  text += `${fit(String(i.index), 4, 'right')}  ${fit(methodOf(i), 7)} ${fit(statusOf(i), 6)} ${fit(time, 7)} ${i.url}`;
  if (i.error) text += `  ${i.error}`;
  if (step !== undefined) {
    const green =
      step === 0
        ? theme.bold(theme.green(text))
        : step === 1
          ? theme.green(text)
          : theme.dim(theme.green(text));
    text = green;
  }
  return selected && theme.color ? theme.inverse(text) : text;
}

/**
 * The details of one cassette: its summary, then its interactions from `overlay.scroll`,
 * the selected one marked `›`, those a refresh brought flashing `+`, those with secrets
 * marked `⚠`. All strings are sanitised.
 */
export function detailsLines(o: DetailsOverlay, c: DetailsContext): string[] {
  const { theme, width, height, now } = c;
  const lines = headLines(o, c.row, now, theme, c.file).map((l, i) => (i === 0 ? truncate(l, width) : l));
  const room = listRoom(lines.length, height);
  if (!o.interactions) {
    lines.push('', o.error === undefined ? theme.dim(' loading…') : '');
    return lines;
  }
  const shown = shownInteractions(o);
  lines.push(filterLine(o, shown.length, theme));
  if (o.interactions.length === 0) lines.push(theme.dim(' no interactions'));
  else if (shown.length === 0) lines.push(theme.dim(' no interaction matches (/ to change, f for all)'));
  else {
    lines.push(
      theme.bold(
        `${' '.repeat(LIST_PREFIX)}${fit('#', 4, 'right')}  ${fit('METHOD', 7)} ${fit('STATUS', 6)} ${fit('TIME', 7)} URL`,
      ),
    );
    const list = shown.slice(o.scroll, o.scroll + room);
    for (const i of list) {
      const at = o.fresh.get(i.index);
      const step = at === undefined ? undefined : flashStep(at, now);
      lines.push(interactionLine(i, i.index === o.selected, step, theme));
    }
    const rest = shown.length - o.scroll - list.length;
    if (rest > 0) lines.push(theme.dim(`   … ${rest} more (j/k, PgDn)`));
  }
  lines.length = Math.min(lines.length, height);
  return lines;
}
