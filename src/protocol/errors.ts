/**
 * Stable error codes, shared by the server (JSON `error` field) and the client
 * (status line). HTTP bodies are `{"error":code,"message":text,"status":n}`.
 */
export const ErrorCode = {
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
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorBody {
  error: string;
  message: string;
  status: number;
}

/** An error that carries a stable code and, when it maps to HTTP, a status. */
export class MagnetoError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 500) {
    super(message);
    this.name = 'MagnetoError';
    this.code = code;
    this.status = status;
  }
  toBody(): ErrorBody {
    return { error: this.code, message: this.message, status: this.status };
  }
}

export function isErrorBody(v: unknown): v is ErrorBody {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ErrorBody).error === 'string' &&
    typeof (v as ErrorBody).message === 'string'
  );
}
