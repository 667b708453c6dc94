import type { Body } from './body.js';

/** The kinds of interaction a cassette records (protocol.md §1.1). */
export type InteractionKind = 'Http' | 'HttpError' | 'WebSocket';

/** An HTTP request, as recorded (protocol.md §2.4). `B` is the body's form. */
export interface RequestDetail<B = Body> {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: B | null;
}

/** An HTTP response, as recorded. */
export interface ResponseDetail<B = Body> {
  status: number;
  headers: Record<string, string>;
  body: B | null;
}

/** Why a recorded request got no response (upstream's `NetworkError`). */
export interface NetworkErrorDetail {
  /** `DnsResolutionFailed`, `ConnectionRefused`, `Timeout`, `TlsError`, `ConnectionReset`, `TooManyRedirects` or `Other`. */
  error_type: string;
  message: string;
  /** Only for `Timeout`. */
  timeout_ms?: number;
  /** Only for `TooManyRedirects`. */
  redirect_count?: number;
}

/** One WebSocket message. Text messages have a `utf8` body; Binary, Ping and Pong bodies are decoded like HTTP bodies. */
export interface WebSocketMessageDetail<B = Body> {
  direction: 'Sent' | 'Received';
  /** Milliseconds since the connection opened. */
  timestamp_ms: number;
  msg_type: 'Text' | 'Binary' | 'Ping' | 'Pong';
  body: B;
}

export interface CloseFrameDetail {
  code: number;
  reason: string;
}

interface InteractionCommon {
  /** 0-based position in the cassette. */
  index: number;
  /** RFC 3339 UTC ending in `Z`; null when the server does not say (upstream). */
  recorded_at: string | null;
  /** null when not recorded. */
  response_time_ms: number | null;
}

export interface HttpInteraction<B = Body> extends InteractionCommon {
  kind: 'Http';
  request: RequestDetail<B>;
  response: ResponseDetail<B>;
}

export interface HttpErrorInteraction<B = Body> extends InteractionCommon {
  kind: 'HttpError';
  request: RequestDetail<B>;
  error: NetworkErrorDetail;
}

export interface WebSocketInteraction<B = Body> extends InteractionCommon {
  kind: 'WebSocket';
  url: string;
  messages: WebSocketMessageDetail<B>[];
  close_frame: CloseFrameDetail | null;
}

/** One interaction with its bodies in the form `B`: decoded ({@link DecodedBody}) or on the wire ({@link Body}). */
export type InteractionOf<B> = HttpInteraction<B> | HttpErrorInteraction<B> | WebSocketInteraction<B>;

/** What kind of credential a finding is (protocol.md §2.5). */
export type SecretKind =
  | 'authorization_header'
  | 'cookie_header'
  | 'set_cookie_header'
  | 'api_key_header'
  | 'url_credential'
  | 'url_userinfo'
  | 'credential_field'
  | 'cookie'
  | 'jwt'
  | 'github_token'
  | 'aws_access_key'
  | 'slack_token'
  | 'stripe_live_key'
  | 'private_key';

/** A credential found in an interaction, never shown whole (protocol.md §2.5). */
export interface SecretFinding {
  /** Where: `request.url`, `request.headers.<name>`, `response.body`, `messages.<i>.body`… */
  where: string;
  kind: SecretKind;
  /** The secret masked: at most its first two and last two characters, e.g. `gh…[REDACTED]…c8`. */
  preview: string;
}

/**
 * `GET /api/cassettes/:name/interactions/:index` (protocol.md §2.4): one interaction, whole,
 * with the secrets found in it and, unless `revealed`, their values masked everywhere.
 */
export type Interaction = InteractionOf<Body> & {
  secrets: SecretFinding[];
  /** True when the client asked `reveal=1` and the server honoured it: values are not masked. */
  revealed: boolean;
};
