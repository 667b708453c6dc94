/**
 * A WebSocket client on a raw TCP socket that can send frames no library would:
 * unmasked, reserved bits, bad opcodes, lying lengths, broken fragmentation.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export const Op = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

export interface FrameOptions {
  /** @default true */
  fin?: boolean;
  /** RSV1..3 as bits 4..6 of the first byte (0..7). @default 0 */
  rsv?: number;
  /** Clients must mask. @default true */
  mask?: boolean;
  /** Declared payload length, when it should lie. */
  declaredLength?: bigint;
}

/** Encodes one client frame. */
export function frame(
  opcode: number,
  payload: Buffer | string = Buffer.alloc(0),
  options: FrameOptions = {},
): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const { fin = true, rsv = 0, mask = true } = options;
  const length = options.declaredLength ?? BigInt(data.length);
  const head: number[] = [(fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)];
  const m = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (length < 126n) head.push(m | Number(length));
  else if (length < 65536n) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(length));
  } else {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(length);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, data]);
  const key = randomBytes(4);
  const masked = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) masked[i] = (data[i] ?? 0) ^ (key[i % 4] ?? 0);
  return Buffer.concat([Buffer.from(head), ext, key, masked]);
}

/** A close frame payload: code then reason. */
export function closePayload(code: number, reason: string | Buffer = ''): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return Buffer.concat([b, typeof reason === 'string' ? Buffer.from(reason) : reason]);
}

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

export interface RawWs {
  socket: Socket;
  /** Status line and headers of the handshake answer. */
  handshake: string;
  status: number;
  /** Text messages received so far. */
  texts: string[];
  frames: ServerFrame[];
  send(bytes: Buffer | Buffer[]): void;
  /** Resolves with the server's close code (or 'ended' if the TCP connection just ended). */
  closed: Promise<number | 'ended'>;
  /** Resolves when a text message matches. Rejects on timeout or close. */
  waitText(test: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  destroy(): void;
}

/** Opens `/ws` with a hand-made handshake. Resolves once the response head is in. */
export function rawWs(
  port: number,
  options: { path?: string; headers?: Record<string, string | undefined> } = {},
): Promise<RawWs> {
  const socket = connect({ host: '127.0.0.1', port });
  const headers: Record<string, string | undefined> = {
    Host: `127.0.0.1:${port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...options.headers,
  };
  const request = [
    `GET ${options.path ?? '/ws'} HTTP/1.1`,
    ...Object.entries(headers)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${v}`),
  ];
  let buf = Buffer.alloc(0);
  let headDone = false;
  const texts: string[] = [];
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  let closeCode: number | 'ended' | undefined;
  let resolveClosed: (v: number | 'ended') => void = () => undefined;
  const closed = new Promise<number | 'ended'>((r) => (resolveClosed = r));
  const finish = (code: number | 'ended'): void => {
    if (closeCode === undefined) {
      closeCode = code;
      resolveClosed(code);
    }
    for (const w of [...waiters]) w();
  };

  let fragments: Buffer[] = [];
  const parseFrames = (): void => {
    for (;;) {
      if (buf.length < 2) return;
      const b0 = buf[0] ?? 0;
      const b1 = buf[1] ?? 0;
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        off = 10;
      }
      if (buf.length < off + len) return;
      const payload = buf.subarray(off, off + len);
      buf = buf.subarray(off + len);
      const opcode = b0 & 0x0f;
      frames.push({ opcode, payload });
      if (opcode === Op.text || opcode === Op.continuation) {
        fragments.push(payload);
        if (b0 & 0x80) {
          texts.push(Buffer.concat(fragments).toString('utf8'));
          fragments = [];
        }
      } else if (opcode === Op.close) {
        finish(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
      }
      for (const w of [...waiters]) w();
    }
  };

  return new Promise<RawWs>((resolve, reject) => {
    let status = 0;
    let handshake = '';
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!headDone) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        handshake = buf.subarray(0, end).toString('latin1');
        status = Number(/^HTTP\/1\.1 (\d{3})/.exec(handshake)?.[1] ?? 0);
        headDone = true;
        buf = buf.subarray(end + 4);
        if (status !== 101) {
          // Keep the body in `texts[0]` for error assertions.
          texts.push(buf.toString('utf8'));
          buf = Buffer.alloc(0);
        }
        resolve(ws);
      }
      if (status === 101) parseFrames();
    });
    socket.on('error', () => finish('ended'));
    socket.on('close', () => finish('ended'));
    socket.on('end', () => finish('ended'));
    socket.once('connect', () => socket.write(`${request.join('\r\n')}\r\n\r\n`));
    socket.once('close', () => {
      if (!headDone) reject(new Error('connection closed before the handshake answer'));
    });
    const ws: RawWs = {
      socket,
      get handshake() {
        return handshake;
      },
      get status() {
        return status;
      },
      texts,
      frames,
      send: (bytes) => {
        if (socket.writable) for (const b of Array.isArray(bytes) ? bytes : [bytes]) socket.write(b);
      },
      closed,
      waitText: (test, timeoutMs = 10_000) =>
        new Promise<string>((res, rej) => {
          const check = (): void => {
            const hit = texts.find(test);
            if (hit !== undefined) {
              done();
              res(hit);
            } else if (closeCode !== undefined) {
              done();
              rej(
                new Error(
                  `socket closed (${closeCode}) before the expected message; got ${JSON.stringify(texts).slice(0, 500)}`,
                ),
              );
            }
          };
          const timer = setTimeout(() => {
            done();
            rej(
              new Error(
                `no matching message within ${timeoutMs} ms; got ${JSON.stringify(texts).slice(0, 500)}`,
              ),
            );
          }, timeoutMs);
          const done = (): void => {
            clearTimeout(timer);
            waiters.delete(check);
          };
          waiters.add(check);
          check();
        }),
      destroy: () => socket.destroy(),
    };
  });
}
