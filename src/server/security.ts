import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { BEARER_PREFIX, ErrorCode, SUBPROTOCOL, type ErrorBody } from '../protocol/index.js';
import { errorBody } from './errors-http.js';

/** What the request checks need to know about the server (protocol.md §6). */
export interface SecurityPolicy {
  /** The server listens on a loopback address: enforce the Host allow-list. */
  loopback: boolean;
  /** Port the server listens on, for its own origins. */
  port: number;
  token?: string | undefined;
  /** Extra allowed `Origin` values, e.g. `https://dash.example`. */
  allowOrigins?: readonly string[] | undefined;
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for addresses only this machine can reach: localhost, ::1, 127.0.0.0/8. */
export function isLoopbackAddress(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** `Host` is localhost, 127.0.0.1 or [::1], with any port or none (DNS rebinding). */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (host === undefined) return false;
  const m = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  return m !== null && LOOPBACK_HOSTNAMES.has(m[1] ?? '');
}

function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

/** Absent, the server's own (loopback names at its port, or `http://<Host>` off loopback), or allowed. */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  policy: SecurityPolicy,
): boolean {
  if (origin === undefined) return true;
  const o = normalizeOrigin(origin);
  const own = [
    `http://localhost:${policy.port}`,
    `http://127.0.0.1:${policy.port}`,
    `http://[::1]:${policy.port}`,
  ];
  if (own.includes(o)) return true;
  if (!policy.loopback && host !== undefined && o === normalizeOrigin(`http://${host}`)) return true;
  return (policy.allowOrigins ?? []).some((a) => normalizeOrigin(a) === o);
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Compares in constant time (equal-length SHA-256 digests). */
export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  return timingSafeEqual(digest(candidate), digest(token));
}

function bearerFromHeader(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^Bearer +(\S+) *$/i.exec(value);
  return m?.[1];
}

/** Subprotocols offered in `Sec-WebSocket-Protocol`. */
function offeredProtocols(headers: IncomingHttpHeaders): string[] {
  const raw = headers['sec-websocket-protocol'];
  return typeof raw === 'string'
    ? raw
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
    : [];
}

/** The token of `magneto.v1, bearer.<t>` offered together, else undefined. */
export function bearerFromProtocols(protocols: readonly string[]): string | undefined {
  if (!protocols.includes(SUBPROTOCOL)) return undefined;
  const p = protocols.find((x) => x.startsWith(BEARER_PREFIX));
  return p === undefined ? undefined : p.slice(BEARER_PREFIX.length);
}

export interface RequestFacts {
  headers: IncomingHttpHeaders;
  /** Needs an allowed Origin: mutations and /ws upgrades. */
  checkOrigin: boolean;
  /** Needs the token (when one is set). */
  needsToken: boolean;
  /** /ws may carry the token in its subprotocols. */
  websocket: boolean;
}

/**
 * Host, then Origin (403 `forbidden`), then token (401 `unauthorized`): the error to answer,
 * or undefined when the request may proceed.
 */
export function checkRequest(facts: RequestFacts, policy: SecurityPolicy): ErrorBody | undefined {
  const { headers } = facts;
  const host = headers.host;
  if (policy.loopback && !isLoopbackHostHeader(host)) {
    return errorBody(ErrorCode.Forbidden, 'Host header is not a loopback name');
  }
  const origin = typeof headers.origin === 'string' ? headers.origin : undefined;
  if (facts.checkOrigin && !isAllowedOrigin(origin, host, policy)) {
    return errorBody(ErrorCode.Forbidden, `origin ${origin} is not allowed`);
  }
  if (!facts.needsToken || policy.token === undefined) return undefined;
  const header = bearerFromHeader(headers.authorization);
  const viaProtocol = facts.websocket ? bearerFromProtocols(offeredProtocols(headers)) : undefined;
  if (tokenMatches(header, policy.token) || tokenMatches(viaProtocol, policy.token)) return undefined;
  return errorBody(
    ErrorCode.Unauthorized,
    header === undefined && viaProtocol === undefined ? 'missing bearer token' : 'invalid bearer token',
  );
}
