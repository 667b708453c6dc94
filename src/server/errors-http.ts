import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply } from 'fastify';
import {
  ErrorCode,
  MagnetoError,
  MAX_STEM_LENGTH,
  codeForStatus,
  statusOf,
  tooLongProblem,
  type ErrorBody,
} from '../protocol/index.js';

/**
 * The server's only writer of error answers (protocol.md §2, §5): every refusal, whether
 * a route's, fastify's, an upgrade's or one of malformed HTTP, is a `{error,message,status}`
 * body built and sent here.
 */

/** fastify's own error codes, mapped onto ours, with messages that never echo the request. */
const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [ErrorCode.TooLarge, 'request body is larger than 64 KiB'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [ErrorCode.UnsupportedMediaType, 'request body must be application/json'],
  FST_ERR_CTP_INVALID_JSON_BODY: [ErrorCode.InvalidJson, 'request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [ErrorCode.InvalidJson, 'request body is empty'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [ErrorCode.BadRequest, 'Content-Length does not match the body'],
  FST_ERR_BAD_URL: [ErrorCode.BadRequest, 'malformed URL'],
  // The route's parameter is longer than the router takes: far longer than any listed name.
  FST_ERR_MAX_PARAM_LENGTH: [ErrorCode.BadName, tooLongProblem('name', MAX_STEM_LENGTH)],
};

/** The body of an error answer; the status is the code's own unless the caller says otherwise. */
export function errorBody(code: ErrorCode, message: string, status: number = statusOf(code)): ErrorBody {
  return { error: code, message, status };
}

/**
 * Turns anything thrown by a route or by fastify into a JSON error body.
 * Client mistakes keep their 4xx; anything unexpected is a 500 without details.
 */
export function toErrorBody(err: unknown): ErrorBody {
  // A code that is not an HTTP answer (status 0, e.g. a client code) must not reach a reply.
  if (err instanceof MagnetoError && err.status >= 400 && err.status <= 599) return err.toBody();
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    statusCode?: unknown;
    message?: unknown;
  };
  const mapped = typeof e.code === 'string' ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return errorBody(mapped[0], mapped[1]);
  const message = typeof e.message === 'string' ? e.message : 'request failed';
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = codeForStatus(status);
    // Our server only sends the codes of protocol.md §5's first table: a 4xx without a code
    // of its own is a bad request (`http_error` is the client's name for such a status).
    return errorBody(code === ErrorCode.HttpError ? ErrorCode.BadRequest : code, message, status);
  }
  return errorBody(ErrorCode.Internal, 'internal server error');
}

/** Headers an error answer of this status always carries: 401 says how to authenticate (protocol.md §6). */
function headersFor(body: ErrorBody, extra: Record<string, string>): Record<string, string> {
  return body.status === 401 ? { 'www-authenticate': 'Bearer', ...extra } : extra;
}

/** Sends `body` on a fastify reply, with `headers` (e.g. `allow` for a 405). */
export function replyError(
  reply: FastifyReply,
  body: ErrorBody,
  headers: Record<string, string> = {},
): FastifyReply {
  return reply.code(body.status).headers(headersFor(body, headers)).send(body);
}

/** The whole HTTP/1.1 response for a socket fastify does not own (upgrades, malformed requests). */
function rawResponse(body: ErrorBody, headers: Record<string, string>): string {
  const json = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(json)}`,
    ...Object.entries(headersFor(body, headers)).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${json}`;
}

/** Answers a refused upgrade on the raw socket, then closes it. */
export function rejectUpgrade(socket: Duplex, body: ErrorBody, headers: Record<string, string> = {}): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  socket.end(rawResponse(body, headers));
}

/**
 * fastify's `clientErrorHandler`: malformed HTTP never reaches a route, so it is answered
 * here in our error shape, not fastify's.
 */
export function answerClientError(err: Error, socket: Duplex): void {
  const code = (err as { code?: string }).code;
  if (code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const body =
    code === 'HPE_HEADER_OVERFLOW'
      ? errorBody(ErrorCode.BadRequest, 'request headers too large', 431)
      : errorBody(ErrorCode.BadRequest, 'malformed HTTP request');
  socket.end(rawResponse(body, {}));
}
