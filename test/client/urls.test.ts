import { describe, expect, it } from 'vitest';
import { apiUrl, followLink, parseBaseUrl, wsUrl, type BaseUrl } from '../../src/client/urls.js';

function base(url: string): BaseUrl {
  const b = parseBaseUrl(url);
  if ('error' in b) throw new Error(b.error);
  return b;
}

describe('urls', () => {
  it('derives ws:// from http:// and wss:// from https://, path /ws', () => {
    expect(wsUrl(base('http://127.0.0.1:8889'), undefined, false)).toBe('ws://127.0.0.1:8889/ws');
    expect(wsUrl(base('https://example.test/'), undefined, false)).toBe('wss://example.test/ws');
  });

  it('adds since, epoch and batch=1 when resuming', () => {
    expect(wsUrl(base('http://h:1'), { since: 42, epoch: 'a b' }, true)).toBe(
      'ws://h:1/ws?since=42&epoch=a+b&batch=1',
    );
  });

  it('keeps a path prefix', () => {
    const b = base('http://h:1/magneto/');
    expect(apiUrl(b, '/api/cassettes')).toBe('http://h:1/magneto/api/cassettes');
    expect(wsUrl(b, undefined, false)).toBe('ws://h:1/magneto/ws');
  });

  it('follows only the path and query of a link (upstream puts its bind host in them)', () => {
    const b = base('http://127.0.0.1:9000');
    expect(followLink(b, 'http://0.0.0.0:8889/api/cassettes?page=2&limit=20')).toBe(
      'http://127.0.0.1:9000/api/cassettes?page=2&limit=20',
    );
    expect(followLink(b, '/api/cassettes?page=3')).toBe('http://127.0.0.1:9000/api/cassettes?page=3');
  });

  it('refuses unparsable and non-http URLs', () => {
    expect(parseBaseUrl('not a url')).toHaveProperty('error');
    expect(parseBaseUrl('ftp://h/')).toHaveProperty('error');
  });
});
