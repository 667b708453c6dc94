const SERVER_CODES = {
  BadName: 'bad_name',
  BadRequest: 'bad_request',
  InvalidBody: 'invalid_body',
  InvalidJson: 'invalid_json',
  NotFound: 'not_found',
  Exists: 'already_exists',
  Unreadable: 'unreadable',
  TooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  MethodNotAllowed: 'method_not_allowed',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  Internal: 'internal_error',
  Io: 'io_error',
} as const;

const LOCAL_CODES = {
  /** Connection refused, DNS failure, reset…: no HTTP answer. */
  Network: 'network',
  /** The request was aborted because the engine stopped or the connection died. */
  Aborted: 'aborted',
  /** The server answered something that is not what the API promises. */
  BadResponse: 'bad_response',
  /** The server has no API for this (upstream magneto-serge). */
  Unsupported: 'unsupported',
  /** Neither `/api/cassettes` nor `/cassettes` exists. */
  NotMagneto: 'not_magneto',
  /** The server URL cannot be used. */
  BadUrl: 'bad_url',
  /** An HTTP status that has no code of its own (e.g. 429 from a proxy). */
  HttpError: 'http_error',
  /** A non-loopback bind without a token or `--no-auth` (protocol.md §6). */
  InsecureBind: 'insecure_bind',
  /** The port is taken. */
  PortInUse: 'port_in_use',
  /** Any other reason the server could not listen. */
  ListenFailed: 'listen_failed',
  /** The command line is wrong: an unknown command or option, a bad value (exit 2). */
  Usage: 'usage',
  /** The config file is not JSON, or has an unknown key or a bad value (exit 2). */
  BadConfig: 'bad_config',
  /** A file an option names cannot be used: missing, empty, unreadable (token file, log file). */
  BadFile: 'bad_file',
} as const;

/** Codes a server sends in the `error` field (protocol.md §5, first table). */
export type ServerErrorCode = (typeof SERVER_CODES)[keyof typeof SERVER_CODES];

/**
 * Every error code of magneto-watch, in one list (protocol.md §5): the server's, which
 * travel as the `error` field of `{"error":code,"message":text,"status":n}`, then those of
 * the client and the command line (second table), which name what went wrong on this side
 * and never travel.
 */
export const ErrorCode = { ...SERVER_CODES, ...LOCAL_CODES } as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The status of each code when nothing says otherwise: the HTTP status the server answers
 * it with, or, for codes that never come from an HTTP answer, 0. A route may still answer a
 * code with another status (426 and 431 are `bad_request`, 503 `internal_error`).
 */
const STATUS: { readonly [C in ErrorCode]: number } = {
  bad_name: 400,
  bad_request: 400,
  invalid_body: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  already_exists: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unreadable: 422,
  internal_error: 500,
  io_error: 500,
  network: 0,
  aborted: 0,
  bad_response: 502,
  unsupported: 405,
  not_magneto: 404,
  bad_url: 0,
  http_error: 0,
  insecure_bind: 0,
  port_in_use: 0,
  listen_failed: 0,
  usage: 0,
  bad_config: 0,
  bad_file: 0,
};

const SERVER_CODE_SET: ReadonlySet<string> = new Set<string>(Object.values(SERVER_CODES));

/**
 * The code that stands for a bare status: the one a status-only answer (plain text, a
 * proxy's page, a framework error) is reported with. Several codes share 400, 404, 405 and
 * 500; the general one of each is listed here.
 */
const STATUS_NAMES: readonly ErrorCode[] = [
  ErrorCode.BadRequest,
  ErrorCode.Unauthorized,
  ErrorCode.Forbidden,
  ErrorCode.NotFound,
  ErrorCode.MethodNotAllowed,
  ErrorCode.Exists,
  ErrorCode.TooLarge,
  ErrorCode.UnsupportedMediaType,
  ErrorCode.Unreadable,
  ErrorCode.Internal,
];
const BY_STATUS: ReadonlyMap<number, ErrorCode> = new Map(STATUS_NAMES.map((code) => [STATUS[code], code]));

/** The status `code` is answered or reported with unless a route says otherwise (protocol.md §5). */
export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

/**
 * The code for an HTTP status that came without one of ours: its own code (404 `not_found`…),
 * else `internal_error` for any 5xx and `http_error` for any other status.
 */
export function codeForStatus(status: number): ErrorCode {
  return BY_STATUS.get(status) ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.HttpError);
}

/** True for a code a server sends (protocol.md §5, first table); false for anything else. */
export function isServerErrorCode(value: unknown): value is ServerErrorCode {
  return typeof value === 'string' && SERVER_CODE_SET.has(value);
}

/** The JSON error body of every refused HTTP request (protocol.md §2, §5). */
export interface ErrorBody {
  error: ErrorCode;
  message: string;
  status: number;
}

/** An error that carries a stable code and, when it maps to HTTP, a status. */
export class MagnetoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /**
   * The code a server sent when it is not one of ours (upstream magneto-serge answers e.g.
   * `cassette_not_found`); `code` then holds our code for the status.
   */
  readonly serverCode: string | undefined;
  constructor(code: ErrorCode, message: string, status: number = statusOf(code), serverCode?: string) {
    super(message);
    this.name = 'MagnetoError';
    this.code = code;
    this.status = status;
    this.serverCode = serverCode;
  }
  toBody(): ErrorBody {
    return { error: this.code, message: this.message, status: this.status };
  }
}

/** An error body as read from any server: its `error` may be a code that is not ours. */
export interface ReceivedErrorBody {
  error: string;
  message: string;
}

/** True for a JSON value shaped like an error body (`error` and `message` strings). */
export function isErrorBody(v: unknown): v is ReceivedErrorBody {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ReceivedErrorBody).error === 'string' &&
    typeof (v as ReceivedErrorBody).message === 'string'
  );
}

/**
 * The error a server answered, as ours. A server we do not control (upstream magneto-serge
 * says `cassette_not_found`) may send any code: an unknown one becomes our code for the
 * status, kept in `serverCode` with the server's own message, so that `code` is always one
 * of {@link ErrorCode} (protocol.md §5).
 */
export function receivedError(status: number, body: ReceivedErrorBody): MagnetoError {
  if (isServerErrorCode(body.error)) return new MagnetoError(body.error, body.message, status);
  return new MagnetoError(codeForStatus(status), body.message, status, body.error);
}
