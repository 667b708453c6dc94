/** Interaction answers (protocol.md §2.4) as a magneto-watch server sends them, for UI tests. */
import type { Body, Interaction } from '../../src/protocol/index.js';

/** A text body of `text`, whole unless `over` says otherwise. */
export function textBody(text: string, over: Partial<Body> = {}): Body {
  return {
    size_bytes: new TextEncoder().encode(text).length,
    encoding: 'utf8',
    text,
    truncated: false,
    content_type: null,
    ...over,
  } as Body;
}

/** A binary body of `bytes`, in base64. */
export function binaryBody(bytes: number[], contentType: string | null = null): Body {
  return {
    size_bytes: bytes.length,
    encoding: 'base64',
    data: btoa(String.fromCharCode(...bytes)),
    truncated: false,
    content_type: contentType,
  };
}

/** `GET /v1/users/1` → 200 with a JSON body and a masked bearer token, like test/fixtures/inspect. */
export function httpAnswer(over: Partial<Extract<Interaction, { kind: 'Http' }>> = {}): Interaction {
  return {
    index: 3,
    kind: 'Http',
    recorded_at: '2025-10-26T10:00:00.123Z',
    response_time_ms: 42,
    request: {
      method: 'GET',
      url: 'https://api.example.com/v1/users/1',
      headers: { authorization: 'Bearer ey…[REDACTED]…5c', accept: 'application/json' },
      body: null,
    },
    response: {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: textBody('{"login":"octocat","id":1,"admin":false,"tags":["a","b"]}', {
        content_type: 'application/json',
      }),
    },
    secrets: [{ where: 'request.headers.authorization', kind: 'jwt', preview: 'ey…[REDACTED]…5c' }],
    revealed: false,
    ...over,
  } as Interaction;
}
