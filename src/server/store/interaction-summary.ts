import { maskSummaryLine, type InteractionSummary } from '../../protocol/index.js';

/**
 * One line per interaction of a readable cassette (protocol.md §2.1 `/interactions`), secrets
 * in its URL and error masked (§2.5).
 */
export function summariseInteractions(doc: Record<string, unknown>): InteractionSummary[] {
  const list = doc.interactions as Array<Record<string, unknown>>;
  return list.map((it, index) => maskSummaryLine(summaryLine(it, index)));
}

function summaryLine(it: Record<string, unknown>, index: number): InteractionSummary {
  const time = typeof it.response_time_ms === 'number' ? it.response_time_ms : null;
  if (it.type === 'WebSocket') {
    return {
      index,
      kind: 'WebSocket',
      method: null,
      url: it.url as string,
      status: null,
      error: null,
      response_time_ms: time,
      messages_count: (it.messages as unknown[]).length,
    };
  }
  const req = it.request as { method: string; url: string };
  if (it.type === 'HttpError') {
    const e = it.error as { error_type: string; message: string };
    return {
      index,
      kind: 'HttpError',
      method: req.method,
      url: req.url,
      status: null,
      error: `${e.error_type}: ${e.message}`,
      response_time_ms: time,
    };
  }
  return {
    index,
    kind: 'Http',
    method: req.method,
    url: req.url,
    status: (it.response as { status: number }).status,
    error: null,
    response_time_ms: time,
  };
}
