/**
 * What upstream magneto-serge v0.7 makes of a cassette file's interactions and counts, for
 * the fake upstream: `InteractionResource::from_interaction` (src/hydra/resources/
 * interaction.rs) and the REST `/cassettes/:name/stats`. Checked against the captures of the
 * real server (test/client/fake-upstream.test.ts).
 */

type Raw = Record<string, unknown>;

/** `String::from_utf8(bytes).ok()`: the text, or undefined when the bytes are not UTF-8 (or null). */
function utf8(bytes: unknown): string | undefined {
  if (!Array.isArray(bytes)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      Uint8Array.from(bytes as number[]),
    );
  } catch {
    return undefined;
  }
}

/** A string as Rust's `{:?}` prints it: quoted, `\\` `"` and control or format characters escaped. */
function rustDebugString(s: string): string {
  const escaped = s.replace(/[\\"\n\r\t\0]|[\p{Cc}\p{Cf}]/gu, (c) => {
    const simple: Record<string, string> = {
      '\\': '\\\\',
      '"': '\\"',
      '\n': '\\n',
      '\r': '\\r',
      '\t': '\\t',
      '\0': '\\0',
    };
    return simple[c] ?? `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;
  });
  return `"${escaped}"`;
}

/** `format!("{:?}", error)` of a NetworkError: `Timeout { message: "…", timeout_ms: 5000 }`. */
function rustDebugError(e: Raw): string {
  const extra =
    e.error_type === 'Timeout'
      ? `, timeout_ms: ${String(e.timeout_ms)}`
      : e.error_type === 'TooManyRedirects'
        ? `, redirect_count: ${String(e.redirect_count)}`
        : '';
  return `${String(e.error_type)} { message: ${rustDebugString(String(e.message))}${extra} }`;
}

function links(self: string, name: string, index: number): Raw {
  const cassette = `/api/cassettes/${name}`;
  return {
    self: { href: self },
    cassette: { href: cassette, title: 'Parent cassette' },
    ...(index > 0
      ? { previous: { href: `${cassette}/interactions/${index - 1}`, title: 'Previous interaction' } }
      : {}),
    // Upstream always links the next one, even past the end.
    next: { href: `${cassette}/interactions/${index + 1}`, title: 'Next interaction' },
  };
}

function request(r: Raw): Raw {
  const body = utf8(r.body);
  return { method: r.method, url: r.url, headers: r.headers, ...(body === undefined ? {} : { body }) };
}

function response(status: unknown, headers: unknown, text: string | undefined): Raw {
  const hasTemplates = text !== undefined && text.includes('{{') && text.includes('}}');
  return { status, headers, ...(text === undefined ? {} : { body: text }), hasTemplates };
}

/** Upstream's InteractionResource for interaction `index` of cassette `name` (the URL's name). */
export function upstreamInteraction(it: Raw, name: string, index: number, base: string): Raw {
  const self = `${base}/api/cassettes/${name}/interactions/${index}`;
  if (it.type === 'WebSocket') {
    const messages = (it.messages as Raw[]).map((m) => ({
      direction: m.direction,
      timestampMs: m.timestamp_ms,
      msgType: m.msg_type,
      data: m.msg_type === 'Text' ? m.data : `[${(m.data as unknown[]).length} bytes]`,
    }));
    return { kind: 'WebSocket', '@id': self, url: it.url, messages, _links: links(self, name, index) };
  }
  const req = request(it.request as Raw);
  if (it.type === 'HttpError') {
    // An HttpError is shown as a synthetic 500 whose body is the error's Debug text.
    const body = JSON.stringify({ error: rustDebugError(it.error as Raw) });
    return {
      kind: 'Http',
      '@id': self,
      request: req,
      response: response(500, {}, body),
      _links: links(self, name, index),
    };
  }
  const res = it.response as Raw;
  return {
    kind: 'Http',
    '@id': self,
    request: req,
    response: response(res.status, res.headers, utf8(res.body)),
    _links: links(self, name, index),
  };
}

/** `GET /cassettes/:name/stats` of a cassette file. */
export function upstreamStats(doc: Raw): Raw {
  const interactions = doc.interactions as Raw[];
  const count = (type: string) => interactions.filter((i) => i.type === type).length;
  const statusCodes: Record<string, number> = {};
  const methods: Record<string, number> = {};
  let requestBytes = 0;
  let responseBytes = 0;
  const times: number[] = [];
  for (const it of interactions) {
    if (typeof it.response_time_ms === 'number') times.push(it.response_time_ms);
    if (it.type !== 'Http') continue;
    const req = it.request as Raw;
    const res = it.response as Raw;
    statusCodes[String(res.status)] = (statusCodes[String(res.status)] ?? 0) + 1;
    methods[String(req.method)] = (methods[String(req.method)] ?? 0) + 1;
    requestBytes += Array.isArray(req.body) ? req.body.length : 0;
    responseBytes += Array.isArray(res.body) ? res.body.length : 0;
  }
  return {
    total_interactions: interactions.length,
    http_count: count('Http'),
    websocket_count: count('WebSocket'),
    http_error_count: count('HttpError'),
    status_codes: statusCodes,
    http_methods: methods,
    total_request_body_bytes: requestBytes,
    total_response_body_bytes: responseBytes,
    avg_response_time_ms: times.length === 0 ? null : times.reduce((a, b) => a + b, 0) / times.length,
  };
}
