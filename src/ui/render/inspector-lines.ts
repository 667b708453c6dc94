/**
 * The inspector on screen (issue 9, Deliver §4): a head that stays (title, request line,
 * status and timing, secrets, tabs), then the window of the page: only the lines on screen
 * are coloured and cut, so a frame costs the same for a 20-line page or a 200 000-line one.
 */
import type { Interaction } from '../../protocol/index.js';
import type { InspectorOverlay } from '../state/inspector.js';
import { docLineSpans, inspectorDoc, inspectorTabs, secretPattern, statusStyle } from './inspector-doc.js';
import { sanitize } from './sanitize.js';
import { sliceLine, span, textWidth, type Span, type StyledLine } from './styled-line.js';
import type { Theme } from './theme.js';

/** The page's left margin, as the other views have. */
const MARGIN = 1;

/** The inspector's keys, for its own help page (`?`). */
export const INSPECTOR_HELP: readonly (readonly [string, string])[] = [
  ['↑/↓ j/k', 'scroll a line'],
  ['PgUp/PgDn b/space', 'scroll a page'],
  ['g/G Home/End', 'top, bottom'],
  ['←/→', 'scroll sideways (→ at the right edge: the line goes on)'],
  ['tab / shift-tab', 'next, previous tab (request, response)'],
  ['esc / q', 'back to the details'],
  ['?', 'this help (any key closes it)'],
];

function secretsLine(i: Interaction): StyledLine | undefined {
  const n = i.secrets.length;
  if (n === 0) return undefined;
  const list = i.secrets.map((s) => `${s.kind} at ${sanitize(s.where)}`).join(', ');
  return [span(`⚠ ${n} secret${n === 1 ? '' : 's'}${i.revealed ? ' (revealed)' : ''}: ${list}`, 'warn')];
}

function requestLine(i: Interaction): StyledLine {
  if (i.kind === 'WebSocket') return [span('WS', 'bold'), span(` ${sanitize(i.url)}`)];
  return [span(sanitize(i.request.method), 'bold'), span(` ${sanitize(i.request.url)}`)];
}

function statusLine(i: Interaction): StyledLine {
  const sep = span('  ·  ', 'dim');
  const timing: Span[] = [];
  if (i.response_time_ms !== null) timing.push(sep, span(`${i.response_time_ms} ms`));
  timing.push(sep, span(`recorded ${i.recorded_at === null ? '—' : sanitize(i.recorded_at)}`, 'dim'));
  if (i.kind === 'Http') return [span(String(i.response.status), statusStyle(i.response.status)), ...timing];
  if (i.kind === 'HttpError')
    return [
      span(`✕ ${sanitize(i.error.error_type)}`, 'error'),
      span(`  ${sanitize(i.error.message)}`),
      ...timing,
    ];
  const n = i.messages.length;
  const close = i.close_frame === null ? 'no close frame' : `closed ${i.close_frame.code}`;
  return [span(`${n} message${n === 1 ? '' : 's'}`), sep, span(close), ...timing];
}

/** The lines above the page, theme-free. */
function head(o: InspectorOverlay): StyledLine[] {
  const kind = o.interaction ? `  ${o.interaction.kind}` : '';
  const lines: StyledLine[] = [
    [
      span(` ${sanitize(o.key)}  #${o.index}`, 'bold'),
      span(kind, 'dim'),
      span(o.interaction || o.error ? '' : '  loading…', 'dim'),
    ],
  ];
  if (o.error !== undefined) lines.push([span(` ✕ ${o.error}`, 'error')]);
  const i = o.interaction;
  if (!i) return lines;
  lines.push([span(' '), ...requestLine(i)], [span(' '), ...statusLine(i)]);
  const secrets = secretsLine(i);
  if (secrets) lines.push([span(' '), ...secrets]);
  lines.push([]); // the tab strip, drawn with the window's position
  return lines;
}

/** The page's window: `rows` lines of `columns` columns, under the head. */
export function inspectorWindow(o: InspectorOverlay, size: { width: number; height: number }) {
  return { rows: Math.max(1, size.height - head(o).length), columns: Math.max(1, size.width - MARGIN) };
}

/** ` [Request]  Response ` then the window's position on the right: the brackets say which tab without colour. */
function tabStrip(
  tabs: readonly string[],
  active: number,
  position: string,
  width: number,
  theme: Theme,
): string {
  const parts = tabs.map((t, k) =>
    k === active ? theme.inverse(theme.bold(`[${t}]`)) : theme.dim(` ${t} `),
  );
  const strip = ` ${parts.join(' ')}`;
  const stripWidth = 1 + tabs.reduce((w, t) => w + textWidth(t) + 2, 0) + tabs.length - 1;
  const room = width - stripWidth - textWidth(position) - 1;
  return room >= 2 ? `${strip}${' '.repeat(room)}${theme.dim(position)} ` : strip;
}

/**
 * The inspector: exactly `height` lines, none wider than `width`; every string from the
 * server sanitised, masked secrets highlighted.
 */
export function inspectorLines(o: InspectorOverlay, width: number, height: number, theme: Theme): string[] {
  const top = head(o);
  const i = o.interaction;
  const secrets = i ? secretPattern(i) : null;
  const out = top.map((l) => sliceLine(docLineSpans(l, secrets), 0, width, theme));
  const rows = Math.max(0, height - top.length);
  const columns = Math.max(1, width - MARGIN);
  const margin = ' '.repeat(MARGIN);
  if (i) {
    const tabs = inspectorTabs(i);
    const tab = tabs[o.tab] ?? tabs[0] ?? 'Request';
    if (o.help) {
      out[out.length - 1] = tabStrip(['Keys'], 0, '', width, theme);
      for (const [keys, text] of INSPECTOR_HELP)
        out.push(sliceLine([span(`${margin}${keys.padEnd(20)}`, 'key'), span(text)], 0, width, theme));
    } else {
      const doc = inspectorDoc(i, tab);
      const scroll = Math.min(o.scroll, Math.max(0, doc.lines.length - rows));
      const last = Math.min(doc.lines.length, scroll + rows);
      const position = `${scroll + 1}–${last}/${doc.lines.length}${o.left > 0 ? `  col ${o.left + 1}` : ''}`;
      out[out.length - 1] = tabStrip(tabs, o.tab, position, width, theme);
      for (let k = scroll; k < last; k++) {
        const line = doc.lines[k] ?? [];
        out.push(margin + sliceLine(docLineSpans(line, secrets), o.left, columns, theme));
      }
    }
  }
  while (out.length < height) out.push('');
  out.length = height;
  return out;
}
