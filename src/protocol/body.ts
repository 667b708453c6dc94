import { toBase64 } from './base64.js';
import { utf8Length, utf8Prefix } from './utf8.js';

/** Bytes of a body an answer carries unless the client asks otherwise (protocol.md §2.4). */
export const DEFAULT_BODY_BYTES = 256 * 1024;
/** The most `max_bytes` may ask for (protocol.md §2.4). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

interface BodyCommon {
  /** Size of the whole body as recorded, in bytes. */
  size_bytes: number;
  /** `text` or `data` holds less than the whole body (`max_bytes`, protocol.md §2.4). */
  truncated: boolean;
  /** The `content-type` header of the request or response that carries it, else null. */
  content_type: string | null;
}

/** A body that is valid UTF-8, as text (protocol.md §2.4). */
export interface TextBody extends BodyCommon {
  encoding: 'utf8';
  /** At most `max_bytes` bytes of UTF-8, never a split character. */
  text: string;
}

/** A body that is not valid UTF-8: its first bytes, in standard base64 (protocol.md §2.4). */
export interface BinaryBody extends BodyCommon {
  encoding: 'base64';
  /** Base64 of at most `max_bytes` bytes. */
  data: string;
}

/** A request, response or WebSocket message body as the interaction answer carries it. */
export type Body = TextBody | BinaryBody;

/**
 * A body after decoding, before it is scanned for secrets, masked and cut to `max_bytes`
 * ({@link finishBody}). `text` or `bytes` may already be a prefix (`cut`).
 */
export type DecodedBody = {
  size_bytes: number;
  content_type: string | null;
  /** Less than the whole body was decoded. */
  cut: boolean;
} & ({ text: string } | { bytes: Uint8Array });

/**
 * How many bytes of each body to decode. The interaction answer decodes a fixed number per
 * body ({@link perBody}); the index's secret scan shares one budget across a cassette.
 */
export interface BodyAllowance {
  /** Bytes the next body may decode. */
  allow(): number;
  /** A text body decoded `bytes` bytes; `cut` when it had more. */
  spent(bytes: number, cut: boolean): void;
}

/** The same allowance for every body. */
export function perBody(maxBytes: number): BodyAllowance {
  return { allow: () => maxBytes, spent: () => undefined };
}

const EMPTY = new Uint8Array(0);
const FATAL = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The `content-type` of a header map, whatever the case of its name (files hold lowercase
 * names, but nothing enforces it); null when absent.
 */
export function contentTypeOf(headers: Readonly<Record<string, string>>): string | null {
  for (const name in headers) {
    if (name.length === 12 && name.toLowerCase() === 'content-type') return headers[name] ?? null;
  }
  return null;
}

/** A text body, cut to what `allowance` allows (in UTF-8 bytes). */
export function decodeText(text: string, contentType: string | null, allowance: BodyAllowance): DecodedBody {
  return textOf(text, utf8Length(text), contentType, allowance);
}

function textOf(
  text: string,
  size: number,
  contentType: string | null,
  allowance: BodyAllowance,
): DecodedBody {
  const max = allowance.allow();
  const kept = size <= max ? text : utf8Prefix(text, max);
  const cut = kept.length < text.length;
  allowance.spent(cut ? max : size, cut);
  return { size_bytes: size, content_type: contentType, cut, text: kept };
}

/**
 * A body recorded as byte numbers (0..255, checked when the file was read): text when the
 * whole body is valid UTF-8, else bytes. With nothing allowed, nothing is decoded: the body
 * is marked cut, so the index knows its scan skipped it.
 */
export function decodeBytes(
  bytes: readonly number[],
  contentType: string | null,
  allowance: BodyAllowance,
): DecodedBody {
  const size = bytes.length;
  if (size === 0) return { size_bytes: 0, content_type: contentType, cut: false, text: '' };
  const max = allowance.allow();
  if (max <= 0) {
    allowance.spent(0, true);
    return { size_bytes: size, content_type: contentType, cut: true, bytes: EMPTY };
  }
  const ascii = asciiText(bytes);
  if (ascii !== undefined) return textOf(ascii, size, contentType, allowance);
  const u8 = Uint8Array.from(bytes);
  let text: string;
  try {
    text = FATAL.decode(u8);
  } catch {
    return { size_bytes: size, content_type: contentType, cut: size > max, bytes: u8.subarray(0, max) };
  }
  return textOf(text, size, contentType, allowance);
}

/** Code units per `String.fromCharCode` call, far below any engine's argument limit. */
const CHARS_PER_CALL = 8192;

/**
 * The text of bytes that are all ASCII, else undefined. Most recorded bodies are ASCII JSON;
 * building the string straight from the numbers is 4× faster than a typed array and a
 * TextDecoder (it is most of what the index's secret scan costs, BENCHMARKS.md).
 */
function asciiText(bytes: readonly number[]): string | undefined {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) > 0x7f) return undefined;
  if (bytes.length <= CHARS_PER_CALL) return String.fromCharCode.apply(null, bytes as number[]);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHARS_PER_CALL)
    parts.push(String.fromCharCode.apply(null, bytes.slice(i, i + CHARS_PER_CALL) as number[]));
  return parts.join('');
}

/** A body whose bytes are unknown but whose size is (upstream shows binary WebSocket data as `[N bytes]`). */
export function unknownBytes(size: number): DecodedBody {
  return { size_bytes: size, content_type: null, cut: size > 0, bytes: EMPTY };
}

/** The wire form of a decoded body, cut to `maxBytes` (protocol.md §2.4). */
export function finishBody(body: DecodedBody, maxBytes: number): Body {
  const { size_bytes, content_type } = body;
  if ('text' in body) {
    const text = utf8Prefix(body.text, maxBytes);
    const truncated = body.cut || text.length < body.text.length;
    return { size_bytes, encoding: 'utf8', text, truncated, content_type };
  }
  const kept = body.bytes.length > maxBytes ? body.bytes.subarray(0, maxBytes) : body.bytes;
  const truncated = body.cut || kept.length < size_bytes;
  return { size_bytes, encoding: 'base64', data: toBase64(kept), truncated, content_type };
}
