import { codeForStatus, ErrorCode, isErrorBody, MagnetoError, receivedError } from '../protocol/index.js';
import type { Clock } from './clock.js';
import { formatMs, type SyncLog } from './log.js';

/**
 * The part of `fetch` the engine uses: undici's in Node, the browser's own in a page
 * (each entry point supplies its default), or a test's.
 */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface RestContext {
  origin: string;
  token?: string;
  fetch: FetchLike;
  /** Logs every request (method, URL, status or failure, size, time on `clock`): the engine's `log` option. */
  trace?: { log: SyncLog; clock: Clock };
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  text: string;
}

/** The status-line reason for an auth refusal (protocol.md §4.3); any status but 401 reads as Forbidden. */
export function authReason(status: number, message?: string): string {
  if (status === 401) return '401 Unauthorized: check the token';
  const detail = message && message.length > 0 ? message : 'check the token, Host and Origin';
  return `${status} Forbidden: ${detail}`;
}

export function isAuthStatus(status: number): boolean {
  return status === 401 || status === 403;
}

/** Sends one request; network failures become `MagnetoError('network')` with status 0. */
export async function send(
  ctx: RestContext,
  method: string,
  url: string,
  init: { json?: unknown; signal?: AbortSignal } = {},
): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (ctx.token !== undefined) headers.authorization = `Bearer ${ctx.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  let text: string;
  let status: number;
  const trace = ctx.trace;
  const t0 = trace?.clock.now() ?? 0;
  const done = (outcome: string): void =>
    trace?.log({
      event: 'request',
      message: `${method} ${url} → ${outcome} in ${formatMs(trace.clock.now() - t0)}`,
    });
  try {
    const res = await ctx.fetch(url, {
      method,
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      signal: init.signal,
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    if (init.signal?.aborted) {
      done('aborted');
      throw new MagnetoError(ErrorCode.Aborted, `${method} ${url} aborted`);
    }
    done(`no answer (${networkCause(err)})`);
    throw new MagnetoError(ErrorCode.Network, `cannot reach ${ctx.origin}: ${networkCause(err)}`);
  }
  done(`${status}, ${text.length} characters`);
  let body: unknown;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  return { status, body, text };
}

/**
 * The server's JSON error (a code that is not ours becomes our code for the status, see
 * `receivedError`), or one made from the status and a plain-text body (protocol.md §5).
 */
export function errorFrom(res: HttpResponse): MagnetoError {
  if (isErrorBody(res.body)) return receivedError(res.status, res.body);
  const plain = plainText(res.text);
  return new MagnetoError(
    codeForStatus(res.status),
    plain.length > 0 ? plain : `HTTP ${res.status}`,
    res.status,
  );
}

/** A plain-text body fit for the status line: control characters folded to spaces, at most 200 characters. */
export function plainText(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, 200);
}

export function isOk(res: HttpResponse): boolean {
  return res.status >= 200 && res.status < 300;
}

function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}
