import { describe, expect, it } from 'vitest';
import type { Body } from '../../../src/protocol/index.js';
import { messageLines, sinceConnect } from '../../../src/ui/render/message-lines.js';

const textBody = (text: string, over: Partial<Body> = {}): Body =>
  ({
    size_bytes: text.length,
    encoding: 'utf8',
    text,
    truncated: false,
    content_type: null,
    ...over,
  }) as Body;

const lines = (...args: Parameters<typeof messageLines>): string[] =>
  messageLines(...args).map((l) => (typeof l === 'string' ? l : l.map((s) => s.text).join('')));

describe('messageLines', () => {
  it('shows direction, type, time since connect and the payload, then the close frame', () => {
    expect(
      lines(
        [
          { direction: 'Sent', timestamp_ms: 0, msg_type: 'Text', body: textBody('{"op":"sub"}') },
          {
            direction: 'Received',
            timestamp_ms: 1234,
            msg_type: 'Binary',
            body: { size_bytes: 3, encoding: 'base64', data: 'AP8Q', truncated: false, content_type: null },
          },
          { direction: 'Sent', timestamp_ms: 30_000, msg_type: 'Ping', body: textBody('') },
        ],
        { code: 1001, reason: 'going away' },
      ),
    ).toEqual([
      'Messages (3)',
      '→ Text    +0.000s  {"op":"sub"}',
      '← Binary  +1.234s  3 B binary  00 ff 10',
      '→ Ping   +30.000s  (empty)',
      '✕ close 1001  going away',
    ]);
  });

  it('shows a payload on one line, sanitised, and marks a cut one', () => {
    expect(
      lines(
        [
          {
            direction: 'Received',
            timestamp_ms: 5,
            msg_type: 'Text',
            body: textBody('a\nb\u001b[2J\u202ec', { size_bytes: 99, truncated: true }),
          },
        ],
        null,
      ),
    ).toEqual(['Messages (1)', '← Text   +0.005s  a bc…', 'no close frame recorded']);
  });

  it('says when there are no messages', () => {
    expect(lines([], { code: 1000, reason: '' })).toEqual(['Messages (0)', 'no messages', '✕ close 1000']);
  });

  it('writes times as +seconds with milliseconds', () => {
    expect(sinceConnect(1234)).toBe('+1.234s');
    expect(sinceConnect(0)).toBe('+0.000s');
  });
});
