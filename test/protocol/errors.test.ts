import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  MagnetoError,
  codeForStatus,
  isServerErrorCode,
  receivedError,
  statusOf,
} from '../../src/protocol/index.js';

const PROTOCOL = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');

/** The `| \`code\` | status | meaning |` rows of one table of protocol.md §5, by its heading. */
function tableOf(heading: string): Map<string, string> {
  const start = PROTOCOL.indexOf(`### ${heading}`);
  expect(start, heading).toBeGreaterThan(0);
  const section = PROTOCOL.slice(start).split(/\n#{2,3} /)[0] ?? '';
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/^\| `([a-z_]+)` +\| ([^|]+?) +\|/gm)) rows.set(m[1]!, m[2]!);
  return rows;
}

const SERVER = [
  'bad_name',
  'bad_request',
  'invalid_body',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'already_exists',
  'payload_too_large',
  'unsupported_media_type',
  'unreadable',
  'internal_error',
  'io_error',
];
const LOCAL = [
  'network',
  'aborted',
  'bad_response',
  'unsupported',
  'not_magneto',
  'bad_url',
  'http_error',
  'insecure_bind',
  'port_in_use',
  'listen_failed',
  'usage',
  'bad_config',
  'bad_file',
];

describe('error codes', () => {
  it('are one list: the wire strings of the server and those of the client and command line', () => {
    expect(Object.values(ErrorCode).sort()).toEqual([...SERVER, ...LOCAL].sort());
    for (const code of SERVER) expect(isServerErrorCode(code), code).toBe(true);
    for (const code of LOCAL) expect(isServerErrorCode(code), code).toBe(false);
  });

  it('are documented in protocol.md §5 with the status each is answered or reported with', () => {
    const server = tableOf('5.1');
    const local = tableOf('5.2');
    expect([...server.keys()].sort()).toEqual([...SERVER].sort());
    expect([...local.keys()].sort()).toEqual([...LOCAL].sort());
    for (const [code, status] of [...server, ...local]) {
      if (code === ErrorCode.HttpError) expect(status).toBe('received');
      else expect(statusOf(code as ErrorCode), code).toBe(Number(status));
    }
  });

  it('give a MagnetoError its status unless one is given', () => {
    expect(new MagnetoError(ErrorCode.Exists, 'x').status).toBe(409);
    expect(new MagnetoError(ErrorCode.Unreadable, 'x').status).toBe(422);
    expect(new MagnetoError(ErrorCode.BadResponse, 'x').status).toBe(502);
    expect(new MagnetoError(ErrorCode.Network, 'x').status).toBe(0);
    expect(new MagnetoError(ErrorCode.BadRequest, 'x', 426).status).toBe(426);
  });
});

describe('codeForStatus', () => {
  it('names each status that has a code of its own', () => {
    expect(
      Object.fromEntries(
        [400, 401, 403, 404, 405, 409, 413, 415, 422, 500].map((s) => [s, codeForStatus(s)]),
      ),
    ).toEqual({
      400: 'bad_request',
      401: 'unauthorized',
      403: 'forbidden',
      404: 'not_found',
      405: 'method_not_allowed',
      409: 'already_exists',
      413: 'payload_too_large',
      415: 'unsupported_media_type',
      422: 'unreadable',
      500: 'internal_error',
    });
  });

  it('says internal_error for any other 5xx and http_error for anything else', () => {
    for (const status of [501, 502, 503, 504, 599])
      expect(codeForStatus(status), `${status}`).toBe('internal_error');
    for (const status of [0, 200, 302, 402, 408, 410, 418, 426, 429, 431])
      expect(codeForStatus(status), `${status}`).toBe('http_error');
  });

  it('is the inverse of statusOf for the codes it answers', () => {
    for (let status = 100; status < 600; status++) {
      const code = codeForStatus(status);
      if (code === ErrorCode.HttpError || (code === ErrorCode.Internal && status !== 500)) continue;
      expect(statusOf(code), `${status} → ${code}`).toBe(status);
    }
  });
});

describe('receivedError', () => {
  it('keeps a code of ours, its message and the status as received', () => {
    const err = receivedError(409, { error: 'already_exists', message: 'cassette "x" already exists' });
    expect(err).toBeInstanceOf(MagnetoError);
    expect(err).toMatchObject({
      code: 'already_exists',
      message: 'cassette "x" already exists',
      status: 409,
    });
    expect(err.serverCode).toBeUndefined();
    expect(receivedError(426, { error: 'bad_request', message: 'use a WebSocket upgrade' })).toMatchObject({
      code: 'bad_request',
      status: 426,
    });
  });

  it("maps a foreign code to ours for the status, keeping the server's message and code", () => {
    const cases: [number, string, ErrorCode][] = [
      [404, 'cassette_not_found', 'not_found'],
      [400, 'invalid_name', 'bad_request'],
      [409, 'conflict', 'already_exists'],
      [500, 'storage_failure', 'internal_error'],
      [503, 'overloaded', 'internal_error'],
      [429, 'rate_limited', 'http_error'],
      // Codes that are ours but never travel, and keys of Object.prototype, are foreign too.
      [400, 'network', 'bad_request'],
      [404, 'port_in_use', 'not_found'],
      [404, 'toString', 'not_found'],
      [404, '__proto__', 'not_found'],
    ];
    for (const [status, foreign, ours] of cases) {
      const err = receivedError(status, { error: foreign, message: `upstream says ${foreign}` });
      expect(err, foreign).toMatchObject({
        code: ours,
        serverCode: foreign,
        message: `upstream says ${foreign}`,
        status,
      });
      expect(Object.values(ErrorCode)).toContain(err.code);
    }
  });
});
