import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { WebSocket, type ClientOptions } from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

/**
 * A promise-based /ws test client. Every frame is kept raw in `frames`; messages are
 * decoded (array frames flattened) into `messages`, consumed in order by `next`/`take`.
 */
export interface TestClient {
  readonly ws: WebSocket;
  /** Headers of the 101 response. */
  readonly upgradeHeaders: IncomingMessage['headers'];
  readonly frames: string[];
  readonly messages: Record<string, unknown>[];
  /** Resolves with the next unconsumed message; rejects if the socket closes first. */
  next(): Promise<Record<string, unknown>>;
  /** The next `n` unconsumed messages. */
  take(n: number): Promise<Record<string, unknown>[]>;
  /** Resolves when the socket closes. */
  readonly closed: Promise<Closed>;
  close(): Promise<Closed>;
}

const open = new Set<WebSocket>();

export async function connect(
  url: string,
  options: ClientOptions & { protocols?: string[] } = {},
): Promise<TestClient> {
  const { protocols, ...rest } = options;
  const ws = new WebSocket(url, protocols ?? [], rest);
  open.add(ws);
  const frames: string[] = [];
  const messages: Record<string, unknown>[] = [];
  let cursor = 0;
  // Every pending `next()` waits here (a single slot would strand all but the last caller).
  const sleepers: Array<() => void> = [];
  const wake = (): void => {
    for (const resolve of sleepers.splice(0)) resolve();
  };
  let closedInfo: Closed | undefined;
  const closed = new Promise<Closed>((resolve) => {
    ws.on('close', (code, reason) => {
      open.delete(ws);
      closedInfo = { code, reason: reason.toString() };
      wake();
      resolve(closedInfo);
    });
  });
  ws.on('error', () => {});
  let upgradeHeaders: IncomingMessage['headers'] = {};
  ws.once('upgrade', (res) => (upgradeHeaders = res.headers));
  ws.on('message', (data) => {
    const text = data.toString();
    frames.push(text);
    const parsed: unknown = JSON.parse(text);
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) messages.push(m as Record<string, unknown>);
    wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res: IncomingMessage) =>
      reject(new Error(`unexpected response ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });

  const next = async (): Promise<Record<string, unknown>> => {
    while (cursor >= messages.length) {
      if (closedInfo)
        throw new Error(`socket closed (${closedInfo.code}) while waiting for message ${cursor}`);
      await new Promise<void>((resolve) => sleepers.push(resolve));
    }
    return messages[cursor++] as Record<string, unknown>;
  };
  return {
    ws,
    upgradeHeaders,
    frames,
    messages,
    next,
    take: async (n) => {
      const out: Record<string, unknown>[] = [];
      for (let i = 0; i < n; i++) out.push(await next());
      return out;
    },
    closed,
    close: async () => {
      if (ws.readyState !== WebSocket.CLOSED) ws.close();
      return closed;
    },
  };
}

export interface Refused {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Attempts an upgrade that the server must refuse; resolves with the HTTP answer. */
export async function connectRefused(
  url: string,
  options: ClientOptions & { protocols?: string[] } = {},
): Promise<Refused> {
  const { protocols, ...rest } = options;
  const ws = new WebSocket(url, protocols ?? [], rest);
  ws.on('error', () => {});
  const [, res] = (await Promise.race([
    once(ws, 'unexpected-response'),
    once(ws, 'open').then(() => {
      ws.terminate();
      throw new Error('upgrade unexpectedly accepted');
    }),
  ])) as [unknown, IncomingMessage];
  let body = '';
  for await (const chunk of res) body += String(chunk);
  return { status: res.statusCode ?? 0, headers: res.headers, body };
}

/** Terminates every client still open (afterEach). */
export function closeAllClients(): void {
  for (const ws of open) ws.terminate();
  open.clear();
}
