import { formatBytes } from '../../protocol/index.js';
/** A request, response or message body as inspector lines (issue 9, Deliver §4). */
import type { Body } from '../../protocol/index.js';
import { utf8Length } from '../../protocol/utf8.js';

import { fromBase64, hexDump } from './hex-dump.js';
import { MAX_JSON_DEPTH, prettyJson } from './json-pretty.js';
import { sanitize } from './sanitize.js';
import { span, type StyledLine } from './styled-line.js';

/**
 * A line of an inspector page: spans, or a string, which is a line of pretty-printed JSON
 * coloured only when it is on screen (render/json-pretty.ts, jsonLineSpans).
 */
export type DocLine = StyledLine | string;

/** A content type that says JSON: `application/json`, `application/problem+json`, `text/json`… */
const CLAIMS_JSON = /[/+]json\b/i;
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029\u0085]/;

/** Text as lines, each sanitised (a tab or a stray control character must not move the cursor). */
export function textLines(text: string): DocLine[] {
  return text.split(LINE_BREAK).map((l) => [span(sanitize(l))]);
}

const note = (text: string): DocLine => [span(text, 'warn')];

/** `Body  application/json · 26 B` then the body: JSON pretty-printed, text as is, bytes as a hex dump. */
export function bodyLines(body: Body | null): DocLine[] {
  if (body === null) return [[span('Body', 'bold'), span('  none', 'dim')]];
  const type = body.content_type === null ? '' : `${sanitize(body.content_type)} · `;
  const lines: DocLine[] = [[span('Body', 'bold'), span(`  ${type}${formatBytes(body.size_bytes)}`, 'dim')]];
  if (body.size_bytes === 0) {
    lines.push([span('(empty)', 'dim')]);
    return lines;
  }
  let shown: number;
  if (body.encoding === 'base64') {
    const bytes = fromBase64(body.data);
    shown = bytes.length;
    lines.push(...hexDump(bytes));
  } else {
    shown = utf8Length(body.text);
    lines.push(...textBody(body.text, body.content_type, body.truncated));
  }
  if (body.truncated)
    lines.push(note(`… truncated: showing ${formatBytes(shown)} of ${formatBytes(body.size_bytes)}`));
  return lines;
}

/** A text body: pretty JSON when it claims JSON or looks like it, else the text, with why. */
function textBody(text: string, contentType: string | null, truncated: boolean): DocLine[] {
  const claims = contentType !== null && CLAIMS_JSON.test(contentType);
  const looks = /^\s*[[{]/.test(text);
  if (!claims && !looks) return textLines(text);
  const r = prettyJson(text);
  if (r.ok) return r.lines;
  // A body cut by max_bytes ends inside a value: what came before is still worth indenting.
  if (r.reason === 'incomplete' && truncated) return r.lines;
  if (r.reason === 'too-deep')
    return [note(`nested deeper than ${MAX_JSON_DEPTH} levels: shown as text`), ...textLines(text)];
  if (!claims) return textLines(text);
  const where = r.reason === 'incomplete' ? 'it ends early' : `at character ${r.at}`;
  return [note(`not valid JSON (${where}): shown as text`), ...textLines(text)];
}
