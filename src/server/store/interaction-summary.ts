import { maskSummaryLine, type InteractionSummary } from '../../protocol/index.js';

/**
 * One line per interaction of a readable cassette (protocol.md §2.1 `/interactions`), secrets
 * in its URL and error masked (§2.5), each with the number of secrets the index's scan found
 * in it (`secrets`: `[index, count]` pairs, the others have none).
 */
export function summariseInteractions(
  doc: Record<string, unknown>,
  secrets: ReadonlyArray<readonly [number, number]> = [],
): InteractionSummary[] {
  const list = doc.interactions as Array<Record<string, unknown>>;
  const counts = new Map(secrets);
  return list.map((it, index) => {
    const line = maskSummaryLine(summaryLine(it, index));
    line.secrets_count = counts.get(index) ?? 0;
    return line;
  });
}

function closeCode(frame: unknown): number | null {
  const code = (frame as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'number' ? code : null;
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
      close_code: closeCode(it.close_frame),
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
