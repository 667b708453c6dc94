import { BEARER_PREFIX, CLIENT_PING, SUBPROTOCOL } from '../protocol/index.js';
import type { Dial, SocketEnd } from './socket.js';

/**
 * The part of the standard (WHATWG) `WebSocket` the engine uses: a browser's, or Node 22's
 * global one. Listeners declare the event fields they read.
 */
export interface StandardWebSocket {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: never) => void): void;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type StandardWebSocketCtor = new (url: string, protocols?: string | string[]) => StandardWebSocket;

const OPEN = 1;
const CLOSED = 3;

/**
 * A subprotocol must be an RFC 7230 token: a browser throws on anything else, so a token
 * with `/`, `=`, spaces… cannot be offered as `bearer.<t>` (protocol.md §6).
 */
export function isSubprotocolToken(token: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(token);
}

/**
 * `/ws` over a standard WebSocket. It cannot send headers, so the token is offered as the
 * subprotocols `magneto.v1, bearer.<t>` (protocol.md §6); it cannot send ping frames, so
 * it pings with a `{"type":"Ping"}` message (§3.5); and it is not told why an upgrade was
 * refused, so a socket that closes before opening ends `unexplained` (the engine asks
 * the REST API what is wrong, protocol.md §4.3).
 */
export function standardDial(Ctor: StandardWebSocketCtor): Dial {
  return (url, token, events) => {
    let done = false;
    let markClosed!: () => void;
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    const end = (why: SocketEnd): void => {
      if (done) return;
      done = true;
      events.end(why);
    };
    if (token !== undefined && !isSubprotocolToken(token)) {
      queueMicrotask(() => {
        markClosed();
        end({
          kind: 'invalid',
          message: 'this token cannot be sent by a browser: use letters, digits and - . _ ~ only',
        });
      });
      return { ping: () => undefined, terminate: () => void (done = true), closed };
    }

    const ws = new Ctor(url, token === undefined ? undefined : [SUBPROTOCOL, BEARER_PREFIX + token]);
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      if (!done) events.open();
    });
    ws.addEventListener('message', (event: { data: unknown }) => {
      if (done) return;
      if (typeof event.data === 'string') events.text(event.data);
      else events.alive();
    });
    // 'error' is always followed by 'close', which reports.
    ws.addEventListener('close', (event: { code: number; reason: string }) => {
      markClosed();
      end(opened ? { kind: 'closed', code: event.code, reason: event.reason } : { kind: 'unexplained' });
    });

    return {
      ping: () => {
        if (ws.readyState === OPEN) ws.send(CLIENT_PING);
      },
      terminate: () => {
        done = true;
        if (ws.readyState !== CLOSED) ws.close(1000);
      },
      closed,
    };
  };
}
