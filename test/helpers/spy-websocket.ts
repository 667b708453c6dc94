import { WebSocket } from 'ws';

/** A ws WebSocket class that remembers its instances, to watch frames from the test. */
export function spyWebSocket() {
  const sockets: WebSocket[] = [];
  class SpyWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  return { WebSocket: SpyWebSocket as typeof WebSocket, sockets };
}

/** Resolves after `n` more 'message' events on `ws`. */
export function messages(ws: WebSocket, n: number): Promise<void> {
  return new Promise((resolve) => {
    let left = n;
    const on = () => {
      if (--left === 0) {
        ws.off('message', on);
        resolve();
      }
    };
    ws.on('message', on);
  });
}
