import { describe, expect, it } from 'vitest';
import { ErrorCode, MagnetoError } from '../../src/protocol/index.js';
import { errorBody, toErrorBody } from '../../src/server/errors-http.js';
import { http } from '../helpers/http.js';
import { startServer } from '../helpers/server-harness.js';

/** An error as fastify or a plugin throws it: a status, maybe a code, a message. */
const thrown = (statusCode: number, message = 'm', code?: string) =>
  Object.assign(new Error(message), { statusCode, ...(code ? { code } : {}) });

describe('error answers (protocol.md §5)', () => {
  it("builds a body with the code's own status unless told otherwise", () => {
    expect(errorBody(ErrorCode.MethodNotAllowed, 'no')).toEqual({
      error: 'method_not_allowed',
      message: 'no',
      status: 405,
    });
    expect(errorBody(ErrorCode.BadRequest, 'use a WebSocket upgrade', 426)).toEqual({
      error: 'bad_request',
      message: 'use a WebSocket upgrade',
      status: 426,
    });
  });

  it('answers a MagnetoError as it is', () => {
    expect(toErrorBody(new MagnetoError(ErrorCode.Exists, 'cassette "x" already exists'))).toEqual({
      error: 'already_exists',
      message: 'cassette "x" already exists',
      status: 409,
    });
    expect(toErrorBody(new MagnetoError(ErrorCode.Io, 'the cassette store is closed', 503))).toMatchObject({
      error: 'io_error',
      status: 503,
    });
  });

  it('never answers a code that is no HTTP answer (status 0) or any 5xx detail', () => {
    const internal = { error: 'internal_error', message: 'internal server error', status: 500 };
    expect(toErrorBody(new MagnetoError(ErrorCode.PortInUse, 'port 8889 is already in use'))).toEqual(
      internal,
    );
    expect(toErrorBody(new Error('secret path /etc/x'))).toEqual(internal);
    expect(toErrorBody(thrown(503, 'upstream detail'))).toEqual(internal);
    expect(toErrorBody('a string')).toEqual(internal);
  });

  it("maps a framework error's status through the one status → code map", () => {
    expect(toErrorBody(thrown(404))).toMatchObject({ error: 'not_found', status: 404 });
    expect(toErrorBody(thrown(405))).toMatchObject({ error: 'method_not_allowed', status: 405 });
    expect(toErrorBody(thrown(409))).toMatchObject({ error: 'already_exists', status: 409 });
    expect(toErrorBody(thrown(413))).toMatchObject({ error: 'payload_too_large', status: 413 });
    expect(toErrorBody(thrown(401))).toMatchObject({ error: 'unauthorized', status: 401 });
    // A 4xx without a code of its own is a bad request: the server never sends http_error.
    expect(toErrorBody(thrown(418, 'teapot'))).toEqual({
      error: 'bad_request',
      message: 'teapot',
      status: 418,
    });
    expect(toErrorBody(thrown(429))).toMatchObject({ error: 'bad_request', status: 429 });
  });

  it("maps fastify's own codes with messages that never echo the request", () => {
    expect(toErrorBody(thrown(413, 'x', 'FST_ERR_CTP_BODY_TOO_LARGE'))).toEqual({
      error: 'payload_too_large',
      message: 'request body is larger than 64 KiB',
      status: 413,
    });
    expect(toErrorBody(thrown(414, '/api/cassettes/<long>', 'FST_ERR_MAX_PARAM_LENGTH'))).toEqual({
      error: 'bad_name',
      message: 'name is longer than 255 characters',
      status: 400,
    });
  });

  it('answers a name longer than the router takes with bad_name', async () => {
    const { url } = await startServer();
    const res = await http(url, 'GET', `/api/cassettes/${'x'.repeat(1100)}`);
    expect(res.json).toEqual({
      error: 'bad_name',
      message: 'name is longer than 255 characters',
      status: 400,
    });
  });
});
