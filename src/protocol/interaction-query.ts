import { DEFAULT_BODY_BYTES, MAX_BODY_BYTES } from './body.js';
import { ErrorCode, MagnetoError } from './errors.js';
import { quoteName } from './names.js';

/** What `GET /api/cassettes/:name/interactions/:index` was asked, once validated (protocol.md §2.4). */
export interface InteractionRequest {
  /**
   * Bytes of each body to include.
   * @default 262144 (256 KiB)
   */
  maxBytes: number;
  /**
   * Show the secrets' values (honoured only by a loopback server or one with a token).
   * @default false
   */
  reveal: boolean;
}

/** A path segment or query value in canonical decimal: `0`, `7`, `42`; not `07`, `+7`, `7.0`, `1e3`. */
const CANONICAL = /^(?:0|[1-9][0-9]*)$/;

function badRequest(message: string): MagnetoError {
  return new MagnetoError(ErrorCode.BadRequest, message);
}

/** The one sentence for a bad index, in the terminal and over HTTP. */
export const INDEX_PROBLEM = 'interaction index must be 0, 1, 2… (digits only, no sign, no leading zero)';
/** The one sentence for a bad `max_bytes`. */
export const MAX_BYTES_PROBLEM = `max_bytes must be a whole number from 0 to ${MAX_BODY_BYTES}`;

/** Why `index` cannot name an interaction; undefined when it can (it may still be out of range). */
export function indexProblem(index: number): string | undefined {
  return Number.isSafeInteger(index) && index >= 0 ? undefined : INDEX_PROBLEM;
}

/** Why `maxBytes` cannot be asked for; undefined when it can. */
export function maxBytesProblem(maxBytes: number): string | undefined {
  return Number.isSafeInteger(maxBytes) && maxBytes >= 0 && maxBytes <= MAX_BODY_BYTES
    ? undefined
    : MAX_BYTES_PROBLEM;
}

/**
 * The `:index` of the route: canonical decimal only, like a path segment should be (`07`
 * and `1e3` would otherwise name the same interaction as `7` and `1000`). A canonical index
 * too large to be exact is `Infinity`: out of range, answered 404, never 400. Throws `bad_request`.
 */
export function parseInteractionIndex(raw: string): number {
  if (!CANONICAL.test(raw)) throw badRequest(INDEX_PROBLEM);
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : Number.POSITIVE_INFINITY;
}

/** `?max_bytes=N&reveal=0|1`, each at most once. Throws `bad_request`. */
export function parseInteractionQuery(query: Record<string, unknown>): InteractionRequest {
  const { max_bytes: maxBytes, reveal } = query;
  let bytes = DEFAULT_BODY_BYTES;
  if (maxBytes !== undefined) {
    if (typeof maxBytes !== 'string' || !CANONICAL.test(maxBytes) || maxBytesProblem(Number(maxBytes)))
      throw badRequest(MAX_BYTES_PROBLEM);
    bytes = Number(maxBytes);
  }
  if (reveal !== undefined && reveal !== '0' && reveal !== '1') throw badRequest('reveal must be 0 or 1');
  return { maxBytes: bytes, reveal: reveal === '1' };
}

/** The sentence of a refused `reveal=1` (403 `forbidden`, protocol.md §2.5). */
export function revealForbidden(): MagnetoError {
  return new MagnetoError(
    ErrorCode.Forbidden,
    'reveal=1 is refused: secrets are only revealed by a server bound to loopback or started with --token',
  );
}

/** No interaction at `index` (404 `not_found`); `index` as the client wrote it, digits only. */
export function interactionNotFound(name: string, index: string | number, count: number): MagnetoError {
  const shown = String(index);
  const digits = shown.length > 30 ? `${shown.slice(0, 30)}…` : shown;
  return new MagnetoError(
    ErrorCode.NotFound,
    `interaction ${digits} not found in cassette ${quoteName(name)} (it has ${count})`,
  );
}
