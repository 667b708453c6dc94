import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCassette } from '../../../src/server/store/cassette-file.js';
import { summariseInteractions } from '../../../src/server/store/interaction-summary.js';
import { BAD, GOOD } from '../../helpers/store-helpers.js';

const read = (dir: string, f: string): string => readFileSync(join(dir, f), 'utf8');
const http = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'Http',
  request: { method: 'GET', url: 'https://x/', headers: {}, body: null },
  response: { status: 200, headers: {}, body: [111, 107] },
  recorded_at: '2025-10-01T12:00:00Z',
  ...over,
});
const cassette = (interactions: unknown[], over: Record<string, unknown> = {}): string =>
  JSON.stringify({ version: '1.0', name: 'x', recorded_at: '2025-10-01T12:00:00Z', interactions, ...over });
const errorOf = (text: string): string | undefined => parseCassette(text).meta.error;

describe('cassette file', () => {
  describe('upstream files', () => {
    it('reads every good fixture with its counts', () => {
      const counts = (f: string) => {
        const { meta, doc } = parseCassette(read(GOOD, f));
        expect(meta.error, f).toBeUndefined();
        expect(doc, f).toBeDefined();
        return [
          meta.interactions_count,
          meta.http_count,
          meta.http_error_count,
          meta.websocket_count,
          meta.cookies_count,
        ];
      };
      expect(counts('api.v2-users.json')).toEqual([1, 1, 0, 0, 0]);
      expect(counts('chat-websocket.json')).toEqual([1, 0, 0, 1, 0]);
      expect(counts('empty-v2.json')).toEqual([0, 0, 0, 0, 0]);
      expect(counts('github-users.json')).toEqual([3, 3, 0, 0, 0]);
      expect(counts('payments-timeout.json')).toEqual([2, 1, 1, 0, 0]);
      expect(counts('session-cookies.json')).toEqual([1, 1, 0, 0, 1]);
      expect(counts('stem-differs.json')).toEqual([1, 1, 0, 0, 0]);
    });

    it('normalises recorded_at offsets to Z and keeps description, mode and version', () => {
      const { meta } = parseCassette(read(GOOD, 'session-cookies.json'));
      expect(meta).toMatchObject({
        recorded_at: '2025-10-30T09:12:45Z',
        description: 'Login flow with cookies',
        mode: 'record',
        version: '1.0',
      });
      expect(parseCassette(read(GOOD, 'empty-v2.json')).meta).toMatchObject({
        version: '2.0',
        mode: 'auto',
        description: null,
      });
    });
  });

  describe('unreadable files', () => {
    it('reports truncated JSON with its position', () => {
      expect(errorOf(read(BAD, 'truncated.json'))).toBe('invalid JSON at position 109');
      expect(errorOf('')).toBe('empty file');
    });

    it('reports a missing interactions array', () => {
      expect(errorOf(read(BAD, 'no-interactions.json'))).toBe('missing interactions array');
    });

    it('refuses a string body like upstream', () => {
      expect(errorOf(read(BAD, 'string-body.json'))).toBe('interaction 0: request body must be a byte array');
    });

    it('keeps a description full of escape sequences raw (the UI sanitises)', () => {
      const { meta } = parseCassette(read(BAD, 'ansi-injection.json'));
      expect(meta.error).toBeUndefined();
      expect(meta.description).toBe('\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u001b[0m\r\nfake line');
    });

    it('keeps description and mode of an unreadable JSON object, with null counts', () => {
      const { meta, doc } = parseCassette(
        JSON.stringify({ version: '1.0', name: 'x', description: 'd', mode: 'replay' }),
      );
      expect(doc).toBeUndefined();
      expect(meta).toMatchObject({
        description: 'd',
        mode: 'replay',
        recorded_at: null,
        interactions_count: null,
        error: 'missing recorded_at',
      });
    });

    it.each([
      ['[1,2]', 'not a JSON object'],
      [cassette([], { recorded_at: 'yesterday' }), 'invalid recorded_at (RFC 3339 expected)'],
      [cassette([], { version: 1 }), 'version must be a string'],
      [
        cassette([http({ recorded_at: '2025-10-01 12:00' })]),
        'interaction 0: invalid recorded_at (RFC 3339 expected)',
      ],
      [cassette([http({ type: 'Grpc' })]), 'interaction 0: unknown type "Grpc"'],
      [
        cassette([http({ response: { status: 200, headers: {}, body: 'ok' } })]),
        'interaction 0: response body must be a byte array',
      ],
      [
        cassette([http({ response: { status: 200, headers: {}, body: [256] } })]),
        'interaction 0: response body must be a byte array',
      ],
      [
        cassette([http({ response: { status: 70000, headers: {} } })]),
        'interaction 0: response status must be an integer 0..65535',
      ],
      [
        cassette([http({ type: 'HttpError', error: { error_type: 'Timeout', message: 'm' } })]),
        'interaction 0: Timeout needs timeout_ms',
      ],
      [
        cassette([
          {
            type: 'WebSocket',
            url: 'wss://x',
            recorded_at: '2025-10-01T12:00:00Z',
            messages: [{ direction: 'Sent', timestamp_ms: 0, msg_type: 'Text', data: [1] }],
          },
        ]),
        'interaction 0: message 0: Text data must be a string',
      ],
      [
        cassette([
          {
            type: 'WebSocket',
            url: 'wss://x',
            recorded_at: '2025-10-01T12:00:00Z',
            messages: [{ direction: 'Sent', timestamp_ms: 0, msg_type: 'Binary', data: 'AQI=' }],
          },
        ]),
        'interaction 0: message 0: data must be a byte array',
      ],
    ])('refuses %s', (text, error) => {
      expect(errorOf(text)).toBe(error);
    });

    it('accepts what upstream may omit: body, close_frame, response_time_ms, cookies', () => {
      const minimal = http({
        request: { method: 'GET', url: 'u', headers: {} },
        response: { status: 204, headers: {} },
      });
      const ws = {
        type: 'WebSocket',
        url: 'wss://x',
        messages: [],
        recorded_at: '2025-10-01T12:00:00+02:00',
      };
      expect(errorOf(cassette([minimal, ws], { extra: { any: 'thing' } }))).toBeUndefined();
    });
  });

  describe('interaction summaries', () => {
    it('summarises Http, HttpError and WebSocket interactions', () => {
      const payments = parseCassette(read(GOOD, 'payments-timeout.json')).doc!;
      expect(summariseInteractions(payments)).toEqual([
        {
          index: 0,
          kind: 'Http',
          method: 'POST',
          url: 'https://payments.example.com/v1/charges',
          status: 200,
          error: null,
          response_time_ms: 230,
          secrets_count: 0,
        },
        {
          index: 1,
          kind: 'HttpError',
          method: 'GET',
          url: 'https://payments.example.com/v1/slow',
          status: null,
          error: 'Timeout: request timed out',
          response_time_ms: null,
          secrets_count: 0,
        },
      ]);
      const chat = parseCassette(read(GOOD, 'chat-websocket.json')).doc!;
      expect(summariseInteractions(chat)).toEqual([
        {
          index: 0,
          kind: 'WebSocket',
          method: null,
          url: 'wss://chat.example.com/socket',
          status: null,
          error: null,
          response_time_ms: 5,
          messages_count: 4,
          close_code: 1000,
          secrets_count: 0,
        },
      ]);
      // The index's per-interaction counts, as the store passes them.
      expect(summariseInteractions(payments, [[1, 3]]).map((l) => l.secrets_count)).toEqual([0, 3]);
    });
  });
});
