import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createMagnetoServer, type MagnetoServer } from '../../src/server/index.js';
import { rawHttp } from '../helpers/raw-http.js';
import { closePayload, frame, Op, rawWs } from '../helpers/raw-ws.js';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.js';

/**
 * What the server must do with a hostile frame sequence: keep the socket working, close it
 * with a code, or either (a flood may be cut off) — the server itself always survives.
 */
type Outcome = 'alive' | 'either' | { close: number | number[] };

interface WsCase {
  id: string;
  frames: () => Buffer[];
  expect: Outcome;
}

const PING = JSON.stringify({ type: 'Ping' });
const CLOSE_PROTOCOL = 1002;
const CLOSE_INVALID_DATA = 1007;
const CLOSE_TOO_BIG = 1009;

/** JSON of every type and shape; clients may only send Ping, everything else is ignored. */
const JSON_VALUES: [string, string][] = [
  ['null', 'null'],
  ['true', 'true'],
  ['false', 'false'],
  ['zero', '0'],
  ['negative', '-1'],
  ['float', '1.5'],
  ['huge number', '1e308'],
  ['empty string', '""'],
  ['string', '"Ping"'],
  ['empty array', '[]'],
  ['array of pings', `[${PING},${PING}]`],
  ['empty object', '{}'],
  ['type null', '{"type":null}'],
  ['type number', '{"type":123}'],
  ['type object', '{"type":{"toString":"Ping"}}'],
  ['lowercase ping', '{"type":"ping"}'],
  ['pong', '{"type":"Pong"}'],
  ['hello', '{"type":"Hello","epoch":"x","seq":0,"heartbeat_ms":1}'],
  ['resync', '{"type":"Resync","epoch":"x","seq":0,"reason":"epoch"}'],
  [
    'forged created',
    '{"type":"CassetteCreated","cassette":{"name":"injected-by-client","description":null,"recorded_at":null,"interactions_count":0},"seq":1,"epoch":"x"}',
  ],
  [
    'forged updated',
    '{"type":"CassetteUpdated","cassette":{"name":"victim","description":"pwned","recorded_at":null,"interactions_count":0}}',
  ],
  ['forged deleted', '{"type":"CassetteDeleted","name":"victim"}'],
  ['subscribe', '{"type":"Subscribe","since":0}'],
  ['__proto__', '{"__proto__":{"polluted":true},"type":"Ping"}'],
  ['constructor', '{"constructor":{"prototype":{"polluted":true}}}'],
  ['escape sequences', JSON.stringify({ type: '\u001b]0;pwned\u0007\u001b[2J' })],
  ['lone surrogate escape', '{"type":"\\ud800"}'],
  ['deep arrays', '['.repeat(30_000) + ']'.repeat(30_000)],
  ['deep objects', '{"a":'.repeat(6_000) + '1' + '}'.repeat(6_000)],
  ['many keys', `{${Array.from({ length: 4000 }, (_, i) => `"k${i}":${i}`).join(',')}}`],
  ['not JSON', 'hello'],
  ['truncated JSON', '{"type":"Pi'],
  ['whitespace', '   \n\t '],
  ['empty', ''],
  ['NUL bytes', '\u0000\u0000{"type":"Ping"}'],
];

function split3(data: Buffer, opcode: number): Buffer[] {
  const a = Math.floor(data.length / 3);
  const b = Math.floor((2 * data.length) / 3);
  return [
    frame(opcode, data.subarray(0, a), { fin: false }),
    frame(Op.continuation, data.subarray(a, b), { fin: false }),
    frame(Op.continuation, data.subarray(b)),
  ];
}

function cases(): WsCase[] {
  const out: WsCase[] = [];
  for (const [id, text] of JSON_VALUES) {
    const data = Buffer.from(text, 'utf8');
    out.push({ id: `text: ${id}`, frames: () => [frame(Op.text, data)], expect: 'alive' });
    out.push({ id: `fragmented text: ${id}`, frames: () => split3(data, Op.text), expect: 'alive' });
    out.push({ id: `binary: ${id}`, frames: () => [frame(Op.binary, data)], expect: 'alive' });
  }
  const big = (n: number): Buffer => Buffer.alloc(n, 0x61);
  const invalidUtf8 = [
    Buffer.from([0xff]),
    Buffer.from([0xc0, 0xaf]),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from('{"type":"\xfe"}', 'latin1'),
  ];
  out.push(
    ...invalidUtf8.map((b, i) => ({
      id: `invalid UTF-8 text #${i}`,
      frames: () => [frame(Op.text, b)],
      expect: { close: CLOSE_INVALID_DATA },
    })),
    {
      id: 'invalid UTF-8 across fragments',
      frames: () => split3(Buffer.from([0x7b, 0xe2, 0x82, 0xff, 0x7d, 0x20]), Op.text),
      expect: { close: CLOSE_INVALID_DATA },
    },
    {
      id: 'binary with invalid UTF-8 is just ignored',
      frames: () => [frame(Op.binary, Buffer.from([0xff, 0xfe]))],
      expect: 'alive',
    },
    { id: 'text of exactly 64 KiB', frames: () => [frame(Op.text, big(64 * 1024))], expect: 'alive' },
    {
      id: 'text of 64 KiB + 1',
      frames: () => [frame(Op.text, big(64 * 1024 + 1))],
      expect: { close: CLOSE_TOO_BIG },
    },
    {
      id: 'binary of 1 MiB',
      frames: () => [frame(Op.binary, big(1 << 20))],
      expect: { close: CLOSE_TOO_BIG },
    },
    {
      id: 'declared length 2^53',
      frames: () => [frame(Op.text, big(16), { declaredLength: 2n ** 53n })],
      expect: { close: [CLOSE_TOO_BIG, CLOSE_PROTOCOL] },
    },
    {
      id: 'declared length 2^63 (MSB set)',
      frames: () => [frame(Op.text, big(16), { declaredLength: 2n ** 63n })],
      expect: { close: [CLOSE_TOO_BIG, CLOSE_PROTOCOL] },
    },
    {
      id: 'fragments adding up past 64 KiB',
      frames: () => [frame(Op.text, big(40_000), { fin: false }), frame(Op.continuation, big(40_000))],
      expect: { close: CLOSE_TOO_BIG },
    },
    {
      id: 'JSON Ping padded past 64 KiB',
      frames: () => [frame(Op.text, `${PING}${' '.repeat(70_000)}`)],
      expect: { close: CLOSE_TOO_BIG },
    },
    {
      id: 'continuation without a start',
      frames: () => [frame(Op.continuation, 'x')],
      expect: { close: CLOSE_PROTOCOL },
    },
    {
      id: 'new text inside a fragmented message',
      frames: () => [frame(Op.text, 'a', { fin: false }), frame(Op.text, 'b')],
      expect: { close: CLOSE_PROTOCOL },
    },
    {
      id: 'ping between fragments (allowed)',
      frames: () => [
        frame(Op.text, '{"type":', { fin: false }),
        frame(Op.ping, 'hi'),
        frame(Op.continuation, '"Ping"}'),
      ],
      expect: 'alive',
    },
    {
      id: 'unmasked frame',
      frames: () => [frame(Op.text, PING, { mask: false })],
      expect: { close: CLOSE_PROTOCOL },
    },
    {
      id: 'RSV1 without an extension',
      frames: () => [frame(Op.text, PING, { rsv: 4 })],
      expect: { close: CLOSE_PROTOCOL },
    },
    { id: 'RSV2', frames: () => [frame(Op.text, PING, { rsv: 2 })], expect: { close: CLOSE_PROTOCOL } },
    { id: 'RSV3', frames: () => [frame(Op.binary, 'x', { rsv: 1 })], expect: { close: CLOSE_PROTOCOL } },
    ...[3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf].map((opcode) => ({
      id: `reserved opcode 0x${opcode.toString(16)}`,
      frames: () => [frame(opcode, 'x')],
      expect: { close: CLOSE_PROTOCOL },
    })),
    { id: 'ping with payload', frames: () => [frame(Op.ping, 'payload')], expect: 'alive' },
    { id: 'ping of 125 bytes', frames: () => [frame(Op.ping, big(125))], expect: 'alive' },
    { id: 'ping of 126 bytes', frames: () => [frame(Op.ping, big(126))], expect: { close: CLOSE_PROTOCOL } },
    {
      id: 'fragmented ping',
      frames: () => [frame(Op.ping, 'a', { fin: false })],
      expect: { close: CLOSE_PROTOCOL },
    },
    { id: 'unsolicited pong', frames: () => [frame(Op.pong, 'x')], expect: 'alive' },
    // ws cuts off a client whose pongs pile up (maxPendingAutoPongs): a ping flood may end the socket.
    {
      id: '1000 pings',
      frames: () => Array.from({ length: 1000 }, () => frame(Op.ping, 'p')),
      expect: 'either',
    },
    { id: 'close 1000', frames: () => [frame(Op.close, closePayload(1000, 'bye'))], expect: { close: 1000 } },
    { id: 'close without payload', frames: () => [frame(Op.close)], expect: { close: [1000, 1005] } },
    {
      id: 'close with a 1-byte payload',
      frames: () => [frame(Op.close, Buffer.from([3]))],
      expect: { close: CLOSE_PROTOCOL },
    },
    ...[0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 65535].map((code) => ({
      id: `close with invalid code ${code}`,
      frames: () => [frame(Op.close, closePayload(code))],
      expect: { close: CLOSE_PROTOCOL },
    })),
    {
      id: 'close with invalid UTF-8 reason',
      frames: () => [frame(Op.close, closePayload(1000, Buffer.from([0xff])))],
      expect: { close: CLOSE_INVALID_DATA },
    },
    {
      id: 'close with a 124-byte reason',
      frames: () => [frame(Op.close, closePayload(4000, 'r'.repeat(123)))],
      expect: { close: 4000 },
    },
    {
      id: 'frames after close',
      frames: () => [frame(Op.close, closePayload(1000)), frame(Op.text, PING), frame(Op.text, PING)],
      expect: { close: 1000 },
    },
    {
      id: '5000 JSON pings in one write',
      frames: () => [Buffer.concat(Array.from({ length: 5000 }, () => frame(Op.text, PING)))],
      expect: 'alive',
    },
    {
      id: '2000 junk frames of every kind',
      frames: () =>
        Array.from({ length: 2000 }, (_, i) =>
          frame(i % 2 ? Op.binary : Op.text, `junk ${i} ${'{'.repeat(i % 50)}`),
        ),
      expect: 'alive',
    },
  );
  return out;
}

const CASES = cases();

let box: Sandbox;
let server: MagnetoServer;
let port: number;
let observer: WebSocket;
const observed: { type: string; name?: string; cassette?: { name: string } }[] = [];

beforeAll(async () => {
  box = await makeSandbox();
  server = createMagnetoServer({ dir: box.dir, host: '127.0.0.1', port: 0 });
  ({ port } = await server.listen());
  observer = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  observer.on('message', (data) => observed.push(JSON.parse(String(data)) as (typeof observed)[number]));
  await new Promise<void>((resolve, reject) => {
    observer.once('open', () => resolve());
    observer.once('error', reject);
  });
});

afterAll(async () => {
  observer?.terminate();
  await server?.close();
  await box?.remove();
});

describe('hostile WebSocket frames', () => {
  it(`has at least 100 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
  });

  it.each(CASES.map((c, i) => [`#${i} ${c.id}`, c] as const))('%s', async (_id, c) => {
    const ws = await rawWs(port);
    try {
      expect(ws.status, ws.handshake).toBe(101);
      await ws.waitText((t) => t.includes('"Hello"'));
      ws.send(c.frames());
      if (c.expect === 'either') {
        ws.send(frame(Op.text, PING));
        await Promise.race([ws.closed, ws.waitText((t) => t.includes('"Pong"'), 15_000)]);
      } else if (c.expect === 'alive') {
        // A Ping sent after the hostile frames is answered: the socket and the server still work.
        const pongs = ws.texts.filter((t) => t.includes('"Pong"')).length;
        ws.send(frame(Op.text, PING));
        await ws.waitText(() => ws.texts.filter((t) => t.includes('"Pong"')).length > pongs, 15_000);
      } else {
        const code = await Promise.race([
          ws.closed,
          new Promise<string>((r) => setTimeout(() => r('timeout'), 10_000)),
        ]);
        const wanted = Array.isArray(c.expect.close) ? c.expect.close : [c.expect.close];
        expect(wanted, `close code ${String(code)}`).toContain(code);
      }
    } finally {
      ws.destroy();
    }
    const health = await rawHttp(port, { method: 'GET', path: '/health' });
    expect(health.status).toBe(200);
  });

  it('kept serving the other client: it gets real events and never a forged one', async () => {
    expect(observer.readyState).toBe(WebSocket.OPEN);
    const created = new Promise<void>((resolve) => {
      const onMessage = (data: unknown): void => {
        const m = JSON.parse(String(data)) as { type: string; cassette?: { name: string } };
        if (m.type === 'CassetteCreated' && m.cassette?.name === 'after-the-storm') {
          observer.off('message', onMessage);
          resolve();
        }
      };
      observer.on('message', onMessage);
    });
    const res = await rawHttp(port, {
      method: 'POST',
      path: '/api/cassettes',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name":"after-the-storm"}',
    });
    expect(res.status).toBe(201);
    await created;
    const events = observed.filter((m) => m.type.startsWith('Cassette'));
    expect(events.map((e) => e.cassette?.name ?? e.name)).toEqual(['after-the-storm']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
