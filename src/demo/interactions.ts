/**
 * Builds upstream-format interactions (protocol.md §1.1) for the demo recorder
 * and the shipped samples: bodies are byte arrays, timestamps RFC 3339 with `Z`.
 */
export interface DemoRequest {
  method: string;
  url: string;
  status: number;
  body?: string;
  responseTimeMs: number;
}

const bytes = (text: string | undefined): number[] | null =>
  text === undefined ? null : Array.from(Buffer.from(text, 'utf8'));

export function httpInteraction(req: DemoRequest, at: Date): Record<string, unknown> {
  return {
    type: 'Http',
    request: {
      method: req.method,
      url: req.url,
      headers: { accept: 'application/json', 'user-agent': 'magneto-demo/1.0' },
      body: null,
    },
    response: {
      status: req.status,
      headers: { 'content-type': 'application/json' },
      body: bytes(req.body),
    },
    recorded_at: at.toISOString(),
    response_time_ms: req.responseTimeMs,
  };
}

export function cassetteFile(
  name: string,
  at: Date,
  interactions: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): string {
  return (
    JSON.stringify({ version: '1.0', name, recorded_at: at.toISOString(), ...extra, interactions }, null, 2) +
    '\n'
  );
}
