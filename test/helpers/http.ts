import { getGlobalDispatcher } from 'undici';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** One raw HTTP request (undici.request: no path normalisation, any Host header). */
export async function http(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | object } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (typeof options.body === 'object') {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  } else body = options.body;
  // Dispatcher.request sends `path` verbatim (a URL string would resolve `..` and `%2e%2e`).
  const res = await getGlobalDispatcher().request({
    origin: base,
    path,
    method: method as 'GET',
    headers,
    body,
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}
