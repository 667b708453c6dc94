import { WebSocket as WsWebSocket, type RawData } from 'ws';
import { plainText } from '../rest.js';
import type { Dial, SocketEnd } from '../socket.js';

/** The `ws` WebSocket class, or a subclass of it (tests count sockets that way). */
export type WebSocketCtor = typeof WsWebSocket;
export { WsWebSocket };

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/**
 * `/ws` over the `ws` package: the token in an `Authorization` header, ping frames, and
 * the status and body of a refused upgrade (so a 401 reads as a 401, protocol.md §4.3).
 */
export function wsDial(Ctor: WebSocketCtor = WsWebSocket): Dial {
  return (url, token, events) => {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const ws = new Ctor(url, { headers });
    const closed = new Promise<void>((resolve) => {
      if (ws.readyState === ws.CLOSED) resolve();
      else ws.once('close', () => resolve());
    });
    let refused: { status: number; message: string } | undefined;
    let lastError: string | undefined;
    const end = (why: SocketEnd): void => events.end(why);

    ws.on('open', () => events.open());
    ws.on('message', (data, isBinary) => {
      if (isBinary) events.alive();
      else events.text(text(data));
    });
    ws.on('pong', () => events.alive());
    ws.on('ping', () => events.alive());
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 4096) body += chunk;
      });
      refused = { status: res.statusCode ?? 0, message: '' };
      const status = refused.status;
      res.on('end', () => end({ kind: 'refused', status, message: errorMessage(body) }));
      res.on('error', () => end({ kind: 'refused', status, message: '' }));
    });
    // Never removed: ws throws on an 'error' without a listener.
    ws.on('error', (err) => {
      lastError = (err as { code?: string }).code ?? err.message;
    });
    ws.on('close', (code, reason) => {
      if (refused) return end({ kind: 'refused', ...refused });
      if (lastError !== undefined && code === 1006) return end({ kind: 'error', message: lastError });
      end({ kind: 'closed', code, reason: reason.toString('utf8') });
    });

    return {
      ping: () => ws.ping(),
      terminate: () => ws.terminate(),
      closed,
    };
  };
}

/** The `message` of our JSON error body, else the body as plain text. */
function errorMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as { message?: unknown }).message === 'string'
    ) {
      return (parsed as { message: string }).message;
    }
  } catch {
    // plain text
  }
  return plainText(body);
}
