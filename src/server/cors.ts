import type { IncomingHttpHeaders } from 'node:http';
import { isAllowedOrigin, isLoopbackHostHeader, type SecurityPolicy } from './security.js';

/** How long a browser may reuse a preflight answer (Chromium caps it at 2 h). */
export const CORS_MAX_AGE_SECONDS = 600;
export const CORS_METHODS = 'GET, HEAD, POST, PUT, DELETE';
/** The request headers our clients send that are not CORS-safelisted. */
export const CORS_HEADERS = 'content-type, authorization';

/** A CORS preflight: OPTIONS with `Origin` and `Access-Control-Request-Method`. */
export function isPreflight(method: string, headers: IncomingHttpHeaders): boolean {
  return (
    method === 'OPTIONS' &&
    typeof headers.origin === 'string' &&
    typeof headers['access-control-request-method'] === 'string'
  );
}

/**
 * The CORS headers of any answer to a request from an allowed origin (protocol.md §6.1):
 * that origin, never `*` (a token may be in play), and `Vary: Origin` so that a cache keeps
 * one answer per origin. Nothing for a request without `Origin`, from a foreign one, or
 * with a Host the server refuses.
 */
export function corsHeaders(
  headers: IncomingHttpHeaders,
  policy: SecurityPolicy,
): Record<string, string> | undefined {
  const origin = headers.origin;
  if (typeof origin !== 'string' || !isAllowedOrigin(origin, headers.host, policy)) return undefined;
  if (policy.loopback && !isLoopbackHostHeader(headers.host)) return undefined;
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}

/** What a preflight from an allowed origin adds to {@link corsHeaders}. It never needs the token. */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-methods': CORS_METHODS,
  'access-control-allow-headers': CORS_HEADERS,
  'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
};
