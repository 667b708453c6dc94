/**
 * The pages of the inspector (issue 9, Deliver §4): one per tab, built once per interaction
 * and cached, never per frame; only the lines on screen are coloured and cut.
 */
import type { Interaction } from '../../protocol/index.js';
import { bodyLines, type DocLine } from './body-lines.js';
import { headerTable } from './header-table.js';
import { jsonLineSpans } from './json-pretty.js';
import { messageLines } from './message-lines.js';
import { sanitize } from './sanitize.js';
import { span, textWidth, type Span, type StyledLine } from './styled-line.js';

export type InspectorTab = 'Request' | 'Response' | 'Error' | 'Messages';

/** The tabs of an interaction: request and response, request and error, or the messages. */
export function inspectorTabs(i: Interaction): readonly InspectorTab[] {
  if (i.kind === 'WebSocket') return ['Messages'];
  return i.kind === 'HttpError' ? ['Request', 'Error'] : ['Request', 'Response'];
}

/** A page: its lines and the width of the widest (how far sideways scrolling goes). */
export interface InspectorDoc {
  lines: readonly DocLine[];
  width: number;
}

/** The colour of a status: 2xx green, 3xx cyan, 4xx yellow, 5xx and others red. */
export function statusStyle(status: number): Span['style'] {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 300 && status < 400) return 'info';
  if (status >= 400 && status < 500) return 'warn';
  return 'error';
}

const BLANK: StyledLine = [];

function headersBlock(headers: Readonly<Record<string, string>>): DocLine[] {
  return [[span(`Headers (${Object.keys(headers).length})`, 'bold')], ...headerTable(headers, '')];
}

function build(i: Interaction, tab: InspectorTab): DocLine[] {
  if (i.kind === 'WebSocket') return messageLines(i.messages, i.close_frame);
  if (tab === 'Request') {
    const r = i.request;
    return [
      [span(sanitize(r.method), 'bold'), span(` ${sanitize(r.url)}`)],
      BLANK,
      ...headersBlock(r.headers),
      BLANK,
      ...bodyLines(r.body),
    ];
  }
  if (i.kind === 'HttpError') {
    const e = i.error;
    const rows: DocLine[] = [
      [span(`✕ ${sanitize(e.error_type)}`, 'error')],
      BLANK,
      [span('message', 'key'), span(`  ${sanitize(e.message)}`)],
    ];
    if (e.timeout_ms !== undefined) rows.push([span('timeout', 'key'), span(`  ${e.timeout_ms} ms`)]);
    if (e.redirect_count !== undefined) rows.push([span('redirects', 'key'), span(`  ${e.redirect_count}`)]);
    return rows;
  }
  const r = i.response;
  return [
    [span('HTTP ', 'bold'), span(String(r.status), statusStyle(r.status))],
    BLANK,
    ...headersBlock(r.headers),
    BLANK,
    ...bodyLines(r.body),
  ];
}

function widthOf(line: DocLine): number {
  if (typeof line === 'string') return textWidth(line);
  let w = 0;
  for (const s of line) w += textWidth(s.text);
  return w;
}

const docs = new WeakMap<Interaction, Map<InspectorTab, InspectorDoc>>();

/** The page of `tab` if it was built already (the controller builds every tab once an answer is shown). */
export function cachedDoc(i: Interaction, tab: InspectorTab): InspectorDoc | undefined {
  return docs.get(i)?.get(tab);
}

/** The page of `tab`, from the cache when this interaction's page was built before. */
export function inspectorDoc(i: Interaction, tab: InspectorTab): InspectorDoc {
  let byTab = docs.get(i);
  if (!byTab) docs.set(i, (byTab = new Map()));
  let doc = byTab.get(tab);
  if (!doc) {
    const lines = build(i, tab);
    let width = 0;
    for (const l of lines) width = Math.max(width, widthOf(l));
    doc = { lines, width };
    byTab.set(tab, doc);
  }
  return doc;
}

const patterns = new WeakMap<Interaction, RegExp | null>();

/**
 * What a masked secret looks like in this answer: its previews (protocol.md §2.5: a masked
 * value is replaced by its preview), longest first. Null when nothing is masked.
 */
export function secretPattern(i: Interaction): RegExp | null {
  let re = patterns.get(i);
  if (re === undefined) {
    const previews = [...new Set(i.secrets.map((s) => sanitize(s.preview)))].filter((p) => p !== '');
    previews.sort((a, b) => b.length - a.length);
    re =
      i.revealed || previews.length === 0
        ? null
        : new RegExp(previews.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    patterns.set(i, re);
  }
  return re;
}

/** The spans of a line, with every masked secret in it styled `secret`. */
export function docLineSpans(line: DocLine, secrets: RegExp | null): StyledLine {
  const spans = typeof line === 'string' ? jsonLineSpans(line) : line;
  if (secrets === null) return spans;
  const out: Span[] = [];
  for (const s of spans) {
    secrets.lastIndex = 0;
    let at = 0;
    for (let m = secrets.exec(s.text); m !== null; m = secrets.exec(s.text)) {
      if (m.index > at) out.push(span(s.text.slice(at, m.index), s.style));
      out.push(span(m[0], 'secret'));
      at = m.index + m[0].length;
      if (m[0] === '') secrets.lastIndex++;
    }
    if (at === 0) out.push(s);
    else if (at < s.text.length) out.push(span(s.text.slice(at), s.style));
  }
  return out;
}
