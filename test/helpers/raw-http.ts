/**
 * A raw HTTP/1.1 client on a TCP socket, for requests that well-behaved clients refuse
 * to send (NUL or backslashes in the path, bad methods, broken framing).
 */
import { connect } from 'node:net';

export interface RawResponse {
  /** 0 when the server closed without answering. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything received, for failure messages. */
  raw: string;
}

export interface RawRequest {
  method: string;
  /** Sent verbatim in the request line. */
  path: string;
  headers?: Record<string, string | undefined>;
  body?: string | Buffer;
  /** Adds Host, Connection: close and Content-Length unless given. @default true */
  defaults?: boolean;
}

/** Builds the bytes of one request; `undefined` header values are left out. */
export function buildRequest(port: number, req: RawRequest): Buffer {
  const body =
    req.body === undefined
      ? Buffer.alloc(0)
      : Buffer.isBuffer(req.body)
        ? req.body
        : Buffer.from(req.body, 'utf8');
  const headers: Record<string, string | undefined> = {};
  if (req.defaults !== false) {
    headers.Host = `127.0.0.1:${port}`;
    headers.Connection = 'close';
    if (req.body !== undefined) headers['Content-Length'] = String(body.length);
  }
  Object.assign(headers, req.headers);
  const lines = [`${req.method} ${req.path} HTTP/1.1`];
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) lines.push(`${k}: ${v}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

function decodeChunked(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  while (i < data.length) {
    const eol = data.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(data.subarray(i, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Parses the first final (non-1xx) response in `data`. */
export function parseResponse(data: Buffer): RawResponse {
  data = stripInterim(data);
  const raw = data.toString('latin1');
  const end = data.indexOf('\r\n\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  if (!m || end < 0) return { status: 0, headers: {}, body: '', raw };
  const headers: Record<string, string> = {};
  for (const line of data.subarray(0, end).toString('latin1').split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = data.subarray(end + 4);
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') body = decodeChunked(body);
  else if (headers['content-length'] !== undefined)
    body = body.subarray(0, Number(headers['content-length']));
  return { status: Number(m[1]), headers, body: body.toString('utf8'), raw };
}

/**
 * Sends `bytes` and collects the answer until the server closes, or until one complete
 * response has arrived (then closes itself), or `timeoutMs` passes.
 */
export function sendRaw(
  port: number,
  bytes: Buffer | Buffer[],
  timeoutMs = 5_000,
  head = false,
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let settled = false;
    const done = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parseResponse(Buffer.concat(chunks)));
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      if (isComplete(Buffer.concat(chunks), head)) done();
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', done);
    socket.on('connect', () => {
      for (const b of Array.isArray(bytes) ? bytes : [bytes]) socket.write(b);
    });
  });
}

/** Drops `100 Continue` and other 1xx responses before the final one. */
function stripInterim(data: Buffer): Buffer {
  for (;;) {
    const interim = /^HTTP\/1\.[01] 1\d\d[^\r]*\r\n(?:[^\r]+\r\n)*\r\n/.exec(data.toString('latin1'));
    if (!interim) return data;
    data = data.subarray(Buffer.byteLength(interim[0], 'latin1'));
  }
}

function isComplete(all: Buffer, head: boolean): boolean {
  const data = stripInterim(all);
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const res = parseResponse(data);
  if (res.status === 0) return false;
  if (head) return true;
  const rest = data.length - end - 4;
  if (res.headers['content-length'] !== undefined) return rest >= Number(res.headers['content-length']);
  if (res.headers['transfer-encoding']?.toLowerCase() === 'chunked')
    return data.subarray(end + 4).includes('0\r\n\r\n');
  return res.status === 204 || res.status === 304;
}

/** One request with defaults (Host, Connection: close, Content-Length). */
export function rawHttp(port: number, req: RawRequest, timeoutMs?: number): Promise<RawResponse> {
  return sendRaw(port, buildRequest(port, req), timeoutMs, req.method === 'HEAD');
}
