/**
 * Malformed and hostile REST requests. Every case is sent on a raw socket, so paths and
 * headers reach the server byte for byte. The directory under test holds `victim.json`
 * (a good cassette); next to it lie `sentinel.json`, `secret.txt` and `cassettes2/`.
 */
import type { RawRequest } from '../helpers/raw-http.js';

export interface HostileCase {
  id: string;
  req: RawRequest;
  /**
   * `error`: a 4xx with a JSON `{error, message, status}` body (the default).
   * `any`: anything but a 5xx; errors still JSON.
   * `protocol`: broken HTTP framing: a 4xx or a closed connection, never a 5xx; a body,
   * if any, is still `{error, message, status}`.
   */
  expect?: 'error' | 'any' | 'protocol';
  /** The exact status, where the spec names it (413, 415, 405…). */
  status?: number;
}

const JSON_CT = 'application/json';

/** Path segments that try to leave the directory or confuse the name check. */
export const HOSTILE_SEGMENTS: string[] = [
  '..',
  '.',
  '...',
  '../sentinel',
  '..%2fsentinel',
  '..%2Fsentinel',
  '%2e%2e',
  '%2E%2E',
  '%2e%2e%2fsentinel',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%252e%252e%252fsentinel',
  '%25252e%25252e',
  '..%5csentinel',
  '..%5Csentinel',
  '..\\sentinel',
  '%5c..%5csentinel',
  '%00',
  'victim%00',
  'victim%00.json',
  'sentinel%00..',
  '%2fetc%2fpasswd',
  '%2Fetc%2Fpasswd',
  '%2f..%2f..%2fsentinel',
  'C:%5cWindows%5cwin.ini',
  'C:',
  '%c0%ae%c0%ae%c0%afsentinel',
  '%e0%80%ae%e0%80%ae',
  '%c0%2e%c0%2e',
  '%ff%fe%fd',
  '%',
  '%zz',
  '%2',
  'caf%C3%A9',
  '%F0%9F%92%A5',
  '%E2%80%AE%E2%80%8Bvictim',
  '%EF%BC%8E%EF%BC%8E%EF%BC%8Fsentinel', // fullwidth ．．／
  'a'.repeat(101),
  'a'.repeat(4000),
  '.hidden',
  '.%2e',
  '%2e',
  'victim.json',
  'sentinel.json',
  '..%2fcassettes2%2fvictim2',
  '..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
  'x%0d%0aSet-Cookie:%20pwned=1',
  'x%1b%5b2J',
  '%20',
  '%09',
  'victim%20',
  'victim;',
  'victim..',
  '~root',
  '%24%7BHOME%7D',
  '%2A',
  '__proto__',
  'constructor',
  'hasOwnProperty',
];

/** Request bodies that must all be refused. `name` is always safe, so only the body is wrong. */
export const HOSTILE_BODIES: {
  id: string;
  body?: string | Buffer;
  contentType?: string;
  forPut?: boolean;
  expect?: HostileCase['expect'];
  status?: number;
}[] = [
  { id: 'empty body with json type', body: '' },
  { id: 'no body with json type' },
  { id: 'unterminated object', body: '{' },
  { id: 'unterminated string', body: '{"name":"abc' },
  { id: 'single quotes', body: "{'name':'abc'}" },
  { id: 'trailing comma', body: '{"name":"abc",}' },
  { id: 'comment', body: '{"name":"abc" /* hi */}' },
  { id: 'trailing garbage', body: '{"name":"abc"} garbage' },
  { id: 'two objects', body: '{"name":"abc"}{"name":"def"}' },
  { id: 'NaN', body: '{"name":NaN}' },
  { id: 'Infinity description', body: '{"description":Infinity}' },
  { id: 'null', body: 'null' },
  { id: 'true', body: 'true' },
  { id: 'number', body: '42' },
  { id: 'huge number', body: '1e999999' },
  { id: 'string', body: '"abc"' },
  { id: 'empty array', body: '[]' },
  { id: 'array of object', body: '[{"name":"abc"}]' },
  { id: 'empty object', body: '{}' },
  { id: 'name number', body: '{"name":1}' },
  { id: 'name null', body: '{"name":null}' },
  { id: 'name array', body: '{"name":["abc"]}' },
  { id: 'name object', body: '{"name":{"toString":"abc"}}' },
  { id: 'name bool', body: '{"name":true}' },
  { id: 'description number', body: '{"name":"abc","description":5}' },
  { id: 'description object', body: '{"name":"abc","description":{"a":1}}' },
  { id: 'description array', body: '{"name":"abc","description":["a"]}' },
  { id: 'description too long', body: JSON.stringify({ name: 'abc', description: 'd'.repeat(1001) }) },
  { id: 'mode bogus', body: '{"name":"abc","mode":"bogus"}' },
  { id: 'mode number', body: '{"name":"abc","mode":1}' },
  { id: 'mode upper', body: '{"name":"abc","mode":"RECORD"}' },
  { id: 'unknown key', body: '{"name":"abc","extra":1}' },
  { id: '__proto__ key', body: '{"name":"abc","__proto__":{"polluted":1}}' },
  { id: 'constructor.prototype', body: '{"name":"abc","constructor":{"prototype":{"polluted":1}}}' },
  { id: 'duplicate key, last hostile', body: '{"name":"abc","name":"../sentinel"}' },
  { id: 'deep arrays', body: '['.repeat(20_000) + ']'.repeat(20_000) },
  { id: 'deep objects', body: '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) },
  { id: 'deep unterminated', body: '['.repeat(50_000) },
  { id: 'over 64 KiB', body: JSON.stringify({ name: 'abc', description: 'x'.repeat(70_000) }), status: 413 },
  { id: 'over 64 KiB of whitespace', body: `${' '.repeat(66_000)}{"name":"abc"}`, status: 413 },
  { id: '1 MiB', body: JSON.stringify({ name: 'abc', description: 'x'.repeat(1 << 20) }), status: 413 },
  { id: 'many keys', body: `{${Array.from({ length: 3000 }, (_, i) => `"k${i}":${i}`).join(',')}}` },
  // RFC 8259 §8.1 lets a parser ignore a BOM, so accepting it is fine.
  { id: 'BOM prefix', body: '\uFEFF{"name":"bom"}', expect: 'any' },
  { id: 'UTF-16LE body', body: Buffer.from('{"name":"abc"}', 'utf16le') },
  {
    id: 'invalid UTF-8',
    body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf]), Buffer.from('"}')]),
  },
  { id: 'NUL in JSON', body: '{"name":"abc\u0000"}' },
  { id: 'escaped NUL name', body: '{"name":"abc\\u0000"}' },
  { id: 'lone surrogate', body: '{"name":"\\ud800"}' },
  { id: 'text/plain', body: '{"name":"abc"}', contentType: 'text/plain', status: 415 },
  { id: 'form urlencoded', body: 'name=abc', contentType: 'application/x-www-form-urlencoded', status: 415 },
  {
    id: 'multipart',
    body: '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nabc\r\n--b--',
    contentType: 'multipart/form-data; boundary=b',
    status: 415,
  },
  { id: 'xml', body: '<name>abc</name>', contentType: 'application/xml', status: 415 },
  { id: 'json-like type', body: '{"name":"abc"}', contentType: 'application/jsonx' },
  { id: 'garbage type', body: '{"name":"abc"}', contentType: ';;;===' },
  { id: 'missing content type', body: '{"name":"abc"}', contentType: '', status: 415 },
  {
    id: 'utf-16 charset',
    body: Buffer.from('{"name":"abc"}', 'utf16le'),
    contentType: 'application/json; charset=utf-16',
  },
  {
    id: 'octet-stream',
    body: Buffer.from([0, 1, 2, 3]),
    contentType: 'application/octet-stream',
    status: 415,
  },
  // PUT-only shapes: a create body is valid JSON but wrong for an update.
  { id: 'put: empty patch', body: '{}', forPut: true },
  { id: 'put: name in patch', body: '{"name":"other"}', forPut: true },
  { id: 'put: null mode', body: '{"mode":null}', forPut: true },
  { id: 'put: description too long', body: JSON.stringify({ description: 'd'.repeat(1001) }), forPut: true },
];

/** Names a create body may carry that must be refused (decoded strings, not URL forms). */
export const HOSTILE_CREATE_NAMES: string[] = [
  '',
  ' ',
  '.',
  '..',
  '../sentinel',
  '../../etc/passwd',
  '/etc/passwd',
  '/tmp/abs',
  'a/b',
  'a\\b',
  '..\\sentinel',
  'C:\\Windows',
  'abc\u0000',
  'abc\u0000.json',
  '%2e%2e%2fsentinel',
  '%2e%2e',
  'café',
  'naïve-name',
  '💥',
  '\u202evictim',
  'victim\u200b',
  'a'.repeat(101),
  'a'.repeat(10_000),
  '.hidden',
  'name.json',
  'victim.json',
  'with space',
  'new\nline',
  'tab\tname',
  '\u001b]0;pwned\u0007',
  '－－',
  'victim ', // trailing space
];

const paths = (seg: string): string[] => [
  `/api/cassettes/${seg}`,
  `/api/cassettes/${seg}/interactions`,
  `/api/cassettes/${seg}/interactions/0`,
];

/** Interaction indexes that must be refused (400) or not found (404): never a 5xx or a leak. */
export const HOSTILE_INDEXES: string[] = [
  '-1',
  '+0',
  '07',
  '00',
  '1e3',
  '1.0',
  '0x1',
  '%30',
  '%2D1',
  'NaN',
  'Infinity',
  '%EF%BC%91', // fullwidth 1
  '99999999999999999999',
  '9'.repeat(400),
  '9007199254740993',
  '0%00',
  '..',
  '..%2F..%2Fsentinel',
  '%2e%2e%2fsentinel.json',
  '0;',
  '0%20',
  '%',
  'abc',
  '0?max_bytes[]=1',
  '0?reveal[]=1',
];

/** Queries of the interaction route that must be refused (400). */
export const HOSTILE_INTERACTION_QUERIES: string[] = [
  'max_bytes=-1',
  'max_bytes=16777217',
  'max_bytes=99999999999999999999',
  'max_bytes=1e3',
  'max_bytes=0x10',
  'max_bytes=',
  'max_bytes=1&max_bytes=2',
  'reveal=true',
  'reveal=',
  'reveal=1&reveal=1',
];

/** The whole corpus. */
export function hostileCorpus(): HostileCase[] {
  const cases: HostileCase[] = [];
  const add = (id: string, req: RawRequest, expect?: HostileCase['expect'], status?: number): void => {
    cases.push({ id, req, ...(expect ? { expect } : {}), ...(status ? { status } : {}) });
  };

  for (const seg of HOSTILE_SEGMENTS) {
    const short = seg.length > 40 ? `${seg.slice(0, 20)}…(${seg.length})` : seg;
    for (const path of paths(seg)) add(`GET ${path.replace(seg, short)}`, { method: 'GET', path });
    add(`PUT /api/cassettes/${short}`, {
      method: 'PUT',
      path: `/api/cassettes/${seg}`,
      headers: { 'Content-Type': JSON_CT },
      body: '{"description":"pwned"}',
    });
    add(`DELETE /api/cassettes/${short}`, { method: 'DELETE', path: `/api/cassettes/${seg}` });
  }

  for (const name of HOSTILE_CREATE_NAMES) {
    add(`POST name ${JSON.stringify(name.length > 40 ? `${name.slice(0, 20)}…(${name.length})` : name)}`, {
      method: 'POST',
      path: '/api/cassettes',
      headers: { 'Content-Type': JSON_CT },
      body: JSON.stringify({ name, description: 'pwned' }),
    });
  }

  for (const b of HOSTILE_BODIES) {
    const headers = { 'Content-Type': b.contentType === '' ? undefined : (b.contentType ?? JSON_CT) };
    if (!b.forPut)
      add(
        `POST body: ${b.id}`,
        { method: 'POST', path: '/api/cassettes', headers, body: b.body },
        b.expect,
        b.status,
      );
    add(
      `PUT body: ${b.id}`,
      { method: 'PUT', path: '/api/cassettes/victim', headers, body: b.body },
      b.expect,
      b.status,
    );
  }

  for (const index of HOSTILE_INDEXES) {
    const short = index.length > 40 ? `${index.slice(0, 20)}…(${index.length})` : index;
    add(`GET interaction index ${short}`, {
      method: 'GET',
      path: `/api/cassettes/victim/interactions/${index}`,
    });
  }
  for (const query of HOSTILE_INTERACTION_QUERIES) {
    add(
      `GET interaction ?${query}`,
      { method: 'GET', path: `/api/cassettes/victim/interactions/0?${query}` },
      'error',
      400,
    );
  }

  // Methods the routes do not allow, and made-up ones.
  for (const path of [
    '/health',
    '/api/cassettes',
    '/api/cassettes/victim',
    '/api/cassettes/victim/interactions',
    '/api/cassettes/victim/interactions/0',
    '/ws',
  ]) {
    for (const method of ['PATCH', 'OPTIONS']) add(`${method} ${path}`, { method, path }, 'error', 405);
    for (const method of ['TRACE', 'PROPFIND', 'PURGE']) add(`${method} ${path}`, { method, path });
  }
  add('PUT on the collection', {
    method: 'PUT',
    path: '/api/cassettes',
    headers: { 'Content-Type': JSON_CT },
    body: '{}',
  });
  add('DELETE the collection', { method: 'DELETE', path: '/api/cassettes' });
  add('POST to a cassette', {
    method: 'POST',
    path: '/api/cassettes/victim',
    headers: { 'Content-Type': JSON_CT },
    body: '{}',
  });
  add('DELETE interactions', { method: 'DELETE', path: '/api/cassettes/victim/interactions' });
  add('lowercase method', { method: 'get', path: '/health' }, 'protocol');
  add('garbage method', { method: 'G@T', path: '/health' }, 'protocol');
  add('CONNECT', { method: 'CONNECT', path: '127.0.0.1:22' }, 'protocol');

  // Paths outside the routes, and traversal in the path itself.
  for (const path of [
    '/',
    '/api',
    '/api/',
    '/api/cassettes/',
    '//api/cassettes',
    '/api//cassettes',
    '/api/cassettes/victim/',
    '/api/cassettes/victim/interactions/0',
    '/api/cassettes/victim/interactions/../../../sentinel',
    '/../sentinel.json',
    '/api/../../sentinel.json',
    '/api/cassettes/../../sentinel.json',
    '/%2e%2e/sentinel.json',
    '/api/cassettes/%2e%2e/%2e%2e/sentinel.json',
    '/cassettes/victim',
    '/cassettes',
    '/victim.json',
    '/sentinel.json',
    '/secret.txt',
    '/etc/passwd',
    '/api/cassettes/victim.json/..',
    '/api/cassettes?page=-1',
    '/api/cassettes?page=0',
    '/api/cassettes?page=abc',
    '/api/cassettes?limit=0',
    '/api/cassettes?limit=101',
    '/api/cassettes?limit=1e3',
    '/api/cassettes?limit=1.5',
    '/api/cassettes?page=99999999999999999999999',
    '/api/cassettes?page=NaN',
    '/api/cassettes?page=%00',
    '/api/cassettes?page[]=1',
    '/api/cassettes?page=1&page=2',
    '/api/cassettes?limit=',
    '/api/cassettes/victim/interactions?page=-5',
    '/api/cassettes/victim/interactions?limit=abc',
  ]) {
    // Some of these are fine requests (clamped paging, 404s); none may leak or crash.
    add(`GET ${path}`, { method: 'GET', path }, 'any');
  }
  add('absolute-form request target', { method: 'GET', path: 'http://127.0.0.1/../sentinel.json' }, 'any');
  add('asterisk target', { method: 'OPTIONS', path: '*' }, 'any');
  add('query of 8 KiB', { method: 'GET', path: `/api/cassettes?x=${'a'.repeat(8 * 1024)}` }, 'any');
  add('URL of 100 KiB', { method: 'GET', path: `/api/cassettes/${'a'.repeat(100 * 1024)}` }, 'protocol');
  add('raw NUL in path', { method: 'GET', path: '/api/cassettes/victim\u0000' }, 'protocol');
  add('raw space in path', { method: 'GET', path: '/api/cassettes/a b' }, 'protocol');
  add(
    'raw UTF-8 in path',
    { method: 'GET', path: Buffer.from('/api/cassettes/café', 'utf8').toString('latin1') },
    'any',
  );

  // Headers.
  const h = (
    id: string,
    headers: Record<string, string | undefined>,
    req: Partial<RawRequest> = {},
    expect?: HostileCase['expect'],
  ): void =>
    add(
      `header: ${id}`,
      { method: 'GET', path: '/api/cassettes', ...req, headers: { ...req.headers, ...headers } },
      expect,
    );
  h('foreign Host', { Host: 'evil.example' });
  h(
    'foreign Host on a mutation',
    { Host: 'evil.example', 'Content-Type': JSON_CT },
    { method: 'POST', body: '{"name":"via-evil-host"}' },
  );
  h('Host with userinfo', { Host: 'evil@127.0.0.1' });
  h('empty Host', { Host: '' });
  h('no Host', { Host: undefined }, {}, 'protocol');
  // Node keeps the first Host; a browser never sends two.
  h('two Hosts', { Host: '127.0.0.1', host: 'evil.example' }, {}, 'any');
  h(
    'foreign Origin on POST',
    { Origin: 'https://evil.example', 'Content-Type': JSON_CT },
    { method: 'POST', body: '{"name":"via-evil-origin"}' },
  );
  h('null Origin on DELETE', { Origin: 'null' }, { method: 'DELETE', path: '/api/cassettes/victim' });
  h(
    'foreign Origin on PUT',
    { Origin: 'http://127.0.0.1.evil.example', 'Content-Type': JSON_CT },
    { method: 'PUT', path: '/api/cassettes/victim', body: '{"description":"pwned"}' },
  );
  h('header of 20 KiB', { 'X-Big': 'a'.repeat(20 * 1024) }, {}, 'protocol');
  h('2000 headers', Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`X-H${i}`, 'v'])), {}, 'any');
  h('control chars in a header value', { 'X-Evil': 'a\u0001\u007fb' }, {}, 'protocol');
  h(
    'negative Content-Length',
    { 'Content-Type': JSON_CT, 'Content-Length': '-1' },
    { method: 'POST', body: '' },
    'protocol',
  );
  h(
    'non-numeric Content-Length',
    { 'Content-Type': JSON_CT, 'Content-Length': 'abc' },
    { method: 'POST', body: '' },
    'protocol',
  );
  h(
    'two Content-Lengths',
    { 'Content-Type': JSON_CT, 'Content-Length': '2, 3' },
    { method: 'POST', body: '{}' },
    'protocol',
  );
  h(
    'Content-Length and Transfer-Encoding',
    { 'Content-Type': JSON_CT, 'Transfer-Encoding': 'chunked', 'Content-Length': '4' },
    { method: 'POST', body: '2\r\n{}\r\n0\r\n\r\n' },
    'protocol',
  );
  h(
    'chunked with a huge chunk size',
    { 'Content-Type': JSON_CT, 'Transfer-Encoding': 'chunked', 'Content-Length': undefined },
    { method: 'POST', body: 'fffffffffff\r\n{}\r\n0\r\n\r\n' },
    'protocol',
  );
  h(
    'chunked body over 64 KiB',
    { 'Content-Type': JSON_CT, 'Transfer-Encoding': 'chunked', 'Content-Length': undefined },
    { method: 'POST', body: `${(70_000).toString(16)}\r\n${'{'.padEnd(70_000, ' ')}\r\n0\r\n\r\n` },
  );
  h(
    'Transfer-Encoding gzip',
    { 'Content-Type': JSON_CT, 'Transfer-Encoding': 'gzip', 'Content-Length': undefined },
    { method: 'POST', body: 'xx' },
    'protocol',
  );
  h(
    'Content-Encoding gzip garbage',
    { 'Content-Type': JSON_CT, 'Content-Encoding': 'gzip' },
    { method: 'POST', body: 'not gzip' },
    'any',
  );
  h(
    'Expect 100-continue with a huge length',
    { 'Content-Type': JSON_CT, Expect: '100-continue', 'Content-Length': String(10 << 20) },
    { method: 'POST' },
    'any',
  );
  h('Expect nonsense', { Expect: 'teapot' }, {}, 'protocol'); // Node answers 417 itself
  h('Authorization garbage', { Authorization: 'Bearer \u0000\u0000' }, {}, 'protocol');
  h('Authorization huge', { Authorization: `Bearer ${'t'.repeat(8000)}` }, {}, 'any');
  h('Accept turtle', { Accept: 'text/turtle' }, {}, 'any');
  h('Accept garbage', { Accept: ';;;q=abc' }, {}, 'any');
  h(
    'Upgrade to websocket on a REST path',
    { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Key': 'x', 'Sec-WebSocket-Version': '13' },
    {},
    'any',
  );
  h('Upgrade h2c', { Upgrade: 'h2c', Connection: 'Upgrade, HTTP2-Settings' }, {}, 'any');
  h('X-Forwarded-Host', { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-For': '1.2.3.4' }, {}, 'any');
  h(
    'HTTP/1.0 without Host',
    { Host: undefined, Connection: undefined },
    { path: '/api/cassettes HTTP/1.0\r\nX:' },
    'protocol',
  );

  // Framing garbage sent as a request line.
  add('no request line', { method: '', path: '', defaults: false }, 'protocol');
  add('binary junk', { method: '\u0016\u0003\u0001', path: '\u0000\u00ff', defaults: false }, 'protocol');
  add('HTTP/2 preface', { method: 'PRI', path: '*', defaults: false, body: 'SM\r\n\r\n' }, 'protocol');
  return cases;
}
