import {
  contentTypeOf,
  decodeBytes,
  decodeText,
  toUtcZ,
  type BodyAllowance,
  type DecodedBody,
  type InteractionOf,
  type NetworkErrorDetail,
  type RequestDetail,
  type WebSocketMessageDetail,
} from '../../protocol/index.js';

/*
 * One interaction of a readable cassette (one that passed `cassetteProblem`, so every field
 * has its upstream type) in the protocol's shape, bodies decoded (protocol.md §2.4).
 */

type Raw = Record<string, unknown>;
type RawHeaders = Record<string, string>;
type RawBody = number[] | null | undefined;

function body(bytes: RawBody, contentType: string | null, allowance: BodyAllowance): DecodedBody | null {
  return bytes === null || bytes === undefined ? null : decodeBytes(bytes, contentType, allowance);
}

function request(raw: Raw, allowance: BodyAllowance): RequestDetail<DecodedBody> {
  const headers = raw.headers as RawHeaders;
  return {
    method: raw.method as string,
    url: raw.url as string,
    headers,
    body: body(raw.body as RawBody, contentTypeOf(headers), allowance),
  };
}

function networkError(raw: Raw): NetworkErrorDetail {
  const error: NetworkErrorDetail = { error_type: raw.error_type as string, message: raw.message as string };
  if (typeof raw.timeout_ms === 'number') error.timeout_ms = raw.timeout_ms;
  if (typeof raw.redirect_count === 'number') error.redirect_count = raw.redirect_count;
  return error;
}

function message(raw: Raw, allowance: BodyAllowance): WebSocketMessageDetail<DecodedBody> {
  const data = raw.data;
  return {
    direction: raw.direction as WebSocketMessageDetail['direction'],
    timestamp_ms: raw.timestamp_ms as number,
    msg_type: raw.msg_type as WebSocketMessageDetail['msg_type'],
    body:
      typeof data === 'string'
        ? decodeText(data, null, allowance)
        : decodeBytes(data as number[], null, allowance),
  };
}

/**
 * Interaction `index` of a readable cassette's `interactions`, bodies decoded as `allowance`
 * allows. It shares the document's header maps: the document must be one read for this call.
 * `times: false` leaves `recorded_at` null: the index's secret scan does not need it, and
 * normalising a timestamp costs as much as scanning the interaction's headers.
 */
export function decodeInteraction(
  raw: Raw,
  index: number,
  allowance: BodyAllowance,
  options: { times?: boolean } = {},
): InteractionOf<DecodedBody> {
  const recorded_at = options.times === false ? null : toUtcZ(raw.recorded_at);
  const response_time_ms = typeof raw.response_time_ms === 'number' ? raw.response_time_ms : null;
  switch (raw.type) {
    case 'WebSocket': {
      const close = raw.close_frame as { code: number; reason: string } | null | undefined;
      return {
        index,
        kind: 'WebSocket',
        recorded_at,
        response_time_ms,
        url: raw.url as string,
        messages: (raw.messages as Raw[]).map((m) => message(m, allowance)),
        close_frame: close ? { code: close.code, reason: close.reason } : null,
      };
    }
    case 'HttpError':
      return {
        index,
        kind: 'HttpError',
        recorded_at,
        response_time_ms,
        request: request(raw.request as Raw, allowance),
        error: networkError(raw.error as Raw),
      };
    default: {
      const response = raw.response as Raw;
      const headers = response.headers as RawHeaders;
      return {
        index,
        kind: 'Http',
        recorded_at,
        response_time_ms,
        request: request(raw.request as Raw, allowance),
        response: {
          status: response.status as number,
          headers,
          body: body(response.body as RawBody, contentTypeOf(headers), allowance),
        },
      };
    }
  }
}
