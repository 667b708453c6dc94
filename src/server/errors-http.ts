import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode, MagnetoError, type ErrorBody } from '../protocol/index.js';

/** fastify's own error codes, mapped onto ours, with messages that never echo the request. */
const FASTIFY_CODES: Record<string, [string, number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [ErrorCode.TooLarge, 413, 'request body is larger than 64 KiB'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    ErrorCode.UnsupportedMediaType,
    415,
    'request body must be application/json',
  ],
  FST_ERR_CTP_INVALID_JSON_BODY: [ErrorCode.InvalidJson, 400, 'request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [ErrorCode.InvalidJson, 400, 'request body is empty'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [ErrorCode.BadRequest, 400, 'Content-Length does not match the body'],
  FST_ERR_BAD_URL: [ErrorCode.BadRequest, 400, 'malformed URL'],
  FST_ERR_MAX_PARAM_LENGTH: [ErrorCode.BadName, 400, 'cassette name is too long'],
};

const BY_STATUS: Record<number, string> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  413: ErrorCode.TooLarge,
  415: ErrorCode.UnsupportedMediaType,
};

export function errorBody(status: number, error: string, message: string): ErrorBody {
  return { error, message, status };
}

/**
 * Turns anything thrown by a route or by fastify into a JSON error body.
 * Client mistakes keep their 4xx; anything unexpected is a 500 without details.
 */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof MagnetoError) return err.toBody();
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    statusCode?: unknown;
    message?: unknown;
  };
  const mapped = typeof e.code === 'string' ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return errorBody(mapped[1], mapped[0], mapped[2]);
  const message = typeof e.message === 'string' ? e.message : 'request failed';
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500)
    return errorBody(status, BY_STATUS[status] ?? ErrorCode.BadRequest, message);
  return errorBody(500, ErrorCode.Internal, 'internal server error');
}

/** Answers a refused upgrade on the raw socket, then closes it. */
export function rejectUpgrade(socket: Duplex, body: ErrorBody, headers: Record<string, string> = {}): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const json = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(json)}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${lines.join('\r\n')}\r\n\r\n${json}`);
}
