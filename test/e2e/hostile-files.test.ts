import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createMagnetoServer, type MagnetoServer } from '../../src/server/index.js';
import { rawHttp, type RawResponse } from '../helpers/raw-http.js';
import { BAD_FIXTURES, cassetteJson, makeSandbox, SECRET, type Sandbox } from '../helpers/sandbox.js';
import { diffTrees, snapshotTree } from '../helpers/tree-snapshot.js';

const ESC = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u001b[0m\r\n\u0008\u009b31m';

interface Member {
  name: string;
  description: string | null;
  recorded_at: string | null;
  interactions_count: number | null;
  secrets_count?: number | null;
  error?: string;
}

/** A valid cassette with an escape sequence in every string field. */
function escapeEverywhere(): string {
  const bytes = [...Buffer.from(ESC)];
  return JSON.stringify({
    version: `1.0${ESC}`,
    name: `escapes${ESC}`,
    recorded_at: '2025-10-01T12:00:00Z',
    description: ESC,
    mode: `record${ESC}`,
    cookies: [
      {
        name: ESC,
        value: ESC,
        domain: ESC,
        path: ESC,
        secure: false,
        http_only: false,
        same_site: null,
        created_at: '2025-10-01T12:00:00Z',
      },
    ],
    interactions: [
      {
        type: 'Http',
        request: { method: `GET${ESC}`, url: `https://x/${ESC}`, headers: { [ESC]: ESC }, body: bytes },
        response: { status: 200, headers: { [ESC]: ESC }, body: bytes },
        recorded_at: '2025-10-01T12:00:00Z',
        response_time_ms: 1,
      },
      {
        type: 'HttpError',
        request: { method: ESC, url: ESC, headers: {}, body: null },
        error: { error_type: 'Other', message: ESC },
        recorded_at: '2025-10-01T12:00:00Z',
      },
      {
        type: 'WebSocket',
        url: `wss://e/${ESC}`,
        messages: [{ direction: 'Sent', timestamp_ms: 0, msg_type: 'Text', data: ESC }],
        close_frame: { code: 1000, reason: ESC },
        recorded_at: '2025-10-01T12:00:00Z',
      },
    ],
  });
}

/** About `mb` MiB of valid cassette: many interactions with byte-array bodies. */
function hugeCassette(mb: number): string {
  const body = JSON.stringify(Array.from({ length: 4096 }, (_, i) => i % 256));
  const one = `{"type":"Http","request":{"method":"POST","url":"https://x/big","headers":{},"body":${body}},"response":{"status":200,"headers":{},"body":null},"recorded_at":"2025-10-01T12:00:00Z"}`;
  const count = Math.ceil((mb * 1024 * 1024) / one.length);
  return `{"version":"1.0","name":"huge","recorded_at":"2025-10-01T12:00:00Z","interactions":[${Array(count).fill(one).join(',')}]}`;
}

/** File name → contents. All of these must be listed (readable or with an `error`). */
function hostileFiles(): Record<string, string | Buffer> {
  return {
    'empty.json': '',
    'whitespace.json': ' \n\t ',
    'top-array.json': '[]',
    'top-string.json': '"cassette"',
    'top-number.json': '42',
    'top-null.json': 'null',
    'empty-object.json': '{}',
    'interactions-string.json': cassetteJson('x', { interactions: 'many' }),
    'interactions-numbers.json': cassetteJson('x', { interactions: [1, 2, 3] }),
    'interactions-deep.json': cassetteJson('x', {
      interactions: [JSON.parse('['.repeat(500) + ']'.repeat(500)) as unknown],
    }),
    'recorded-bad.json': cassetteJson('x', { recorded_at: 'yesterday' }),
    'recorded-number.json': cassetteJson('x', { recorded_at: 1700000000 }),
    'name-number.json': cassetteJson('x', { name: 5 }),
    'version-object.json': cassetteJson('x', { version: { major: 1 } }),
    'cookies-garbage.json': cassetteJson('x', { cookies: 'yum' }),
    'description-object.json': cassetteJson('x', { description: { a: 1 } }),
    'description-huge.json': cassetteJson('x', { description: 'd'.repeat(200_000) }),
    'mode-bogus.json': cassetteJson('x', { mode: 'explode' }),
    'deep-nesting.json': `{"version":"1.0","name":"x","recorded_at":"2025-10-01T12:00:00Z","interactions":[],"junk":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    'deep-unterminated.json': '['.repeat(200_000),
    'invalid-utf8.json': Buffer.concat([
      Buffer.from('{"version":"1.0","name":"'),
      Buffer.from([0xff, 0xfe, 0xc0]),
      Buffer.from('","recorded_at":"2025-10-01T12:00:00Z","interactions":[]}'),
    ]),
    'utf8-bom.json': `\uFEFF${cassetteJson('bom')}`,
    'utf16.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cassetteJson('utf16'), 'utf16le')]),
    'nul-bytes.json': Buffer.from([0, 0, 0, 0]),
    'escapes.json': escapeEverywhere(),
    'café.json': cassetteJson('café'),
    '日本語.json': cassetteJson('日本語'),
    'emoji💥.json': cassetteJson('emoji'),
    'with space.json': cassetteJson('with space'),
    'a.b.c.json': cassetteJson('a.b.c'),
    '\u202Eevil.json': cassetteJson('rtl'),
    [`${'l'.repeat(250)}.json`]: cassetteJson('long'),
    'huge.json': hugeCassette(20),
    'huge-garbage.json': Buffer.alloc(20 * 1024 * 1024, 0x7b),
  };
}

/** Present in the directory but never listed. */
const IGNORED = ['.hidden.json', 'notes.txt', 'cassette.json.tmp', 'cassette.JSON', '.tmp-123.json'];

let box: Sandbox | undefined;
let server: MagnetoServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await box?.remove();
  box = undefined;
});

function jsonOf(res: RawResponse): unknown {
  expect(res.status, res.body.slice(0, 300)).toBeLessThan(500);
  return JSON.parse(res.body) as unknown;
}

function expectErrorShape(res: RawResponse): void {
  const body = jsonOf(res) as { error?: unknown; message?: unknown; status?: unknown };
  expect(typeof body.error).toBe('string');
  expect(typeof body.message).toBe('string');
  expect(body.status).toBe(res.status);
}

async function plant(dir: string, root: string): Promise<void> {
  for (const [name, content] of Object.entries(hostileFiles())) await writeFile(join(dir, name), content);
  for (const f of await readdir(BAD_FIXTURES)) await copyFile(join(BAD_FIXTURES, f), join(dir, f));
  for (const name of IGNORED) await writeFile(join(dir, name), cassetteJson('ignored'));
  await mkdir(join(dir, 'a-directory.json'));
  await symlink(join(root, 'sentinel.json'), join(dir, 'outside-link.json'));
  await symlink('../secret.txt', join(dir, 'relative-link.json'));
  await symlink('missing-target.json', join(dir, 'dangling.json'));
  await symlink('loop-b.json', join(dir, 'loop-a.json'));
  await symlink('loop-a.json', join(dir, 'loop-b.json'));
  await writeFile(join(dir, 'new\nline.json'), cassetteJson('newline'));
  await writeFile(join(dir, '\u001b[31mred.json'), cassetteJson('esc-name'));
}

describe('hostile cassette files', () => {
  it('lists every hostile file safely and serves each one without a 5xx', { timeout: 90_000 }, async () => {
    box = await makeSandbox();
    await plant(box.dir, box.root);
    execFileSync('mkfifo', [join(box.dir, 'fifo.json')]);
    const outsideBefore = await snapshotTree(box.root, (p) => p.startsWith('cassettes'));

    server = createMagnetoServer({ dir: box.dir, host: '127.0.0.1', port: 0 });
    const { port } = await server.listen();
    const res = await rawHttp(port, { method: 'GET', path: '/api/cassettes' }, 30_000);
    expect(res.status).toBe(200);
    expect(res.raw).not.toContain(SECRET);
    const members = (jsonOf(res) as { 'hydra:member': Member[] })['hydra:member'];
    const names = members.map((m) => m.name);

    const expected = [...Object.keys(hostileFiles()), ...(await readdir(BAD_FIXTURES)), 'victim.json'].map(
      (f) => f.slice(0, -5),
    );
    for (const name of expected) expect(names, `lists ${JSON.stringify(name)}`).toContain(name);
    for (const name of [
      '.hidden',
      'notes',
      'cassette.json',
      'cassette',
      '.tmp-123',
      'new\nline',
      '\u001b[31mred',
    ]) {
      expect(names, `ignores ${JSON.stringify(name)}`).not.toContain(name);
    }
    expect(new Set(names).size, 'no duplicates').toBe(names.length);

    for (const m of members) {
      expect(typeof m.name).toBe('string');
      expect(m.description === null || typeof m.description === 'string').toBe(true);
      if (m.error !== undefined) {
        expect(typeof m.error).toBe('string');
        expect(m.recorded_at, `${m.name}: unreadable has null recorded_at`).toBeNull();
        expect(m.interactions_count, `${m.name}: unreadable has null count`).toBeNull();
      }
    }
    const byName = new Map(members.map((m) => [m.name, m]));
    for (const broken of [
      'empty',
      'top-array',
      'top-null',
      'interactions-string',
      'recorded-bad',
      'deep-unterminated',
      'huge-garbage',
      'truncated',
      'string-body',
      'no-interactions',
    ]) {
      expect(byName.get(broken)?.error, `${broken} is listed as unreadable`).toBeTypeOf('string');
    }
    expect(byName.get('huge')?.interactions_count, 'the 20 MB cassette is read').toBeGreaterThan(1000);
    // Escapes are data to the secret scan too: its one finding is the value of its cookie.
    expect(byName.get('escapes')?.secrets_count, 'escapes: the cookie is the only secret').toBe(1);
    expect(byName.get('escapes')?.description, 'strings are served as they are (the UI strips them)').toBe(
      ESC,
    );

    for (const m of members) {
      const path = `/api/cassettes/${encodeURIComponent(m.name)}`;
      const one = await rawHttp(port, { method: 'GET', path }, 30_000);
      expect(one.status, `GET ${m.name}`).toBe(200);
      expect(one.raw).not.toContain(SECRET);
      const list = await rawHttp(port, { method: 'GET', path: `${path}/interactions` }, 30_000);
      expect([200, 422], `GET ${m.name}/interactions: ${list.body.slice(0, 200)}`).toContain(list.status);
      if (list.status !== 200) expectErrorShape(list);
      jsonOf(list);
      // One interaction, whole: bodies as data, never a 5xx (protocol.md §2.4).
      const first = await rawHttp(port, { method: 'GET', path: `${path}/interactions/0` }, 30_000);
      expect([200, 404, 422], `GET ${m.name}/interactions/0: ${first.body.slice(0, 200)}`).toContain(
        first.status,
      );
      if (first.status !== 200) expectErrorShape(first);
      else expect(jsonOf(first)).toMatchObject({ index: 0, secrets: expect.any(Array), revealed: false });
      expect(first.raw).not.toContain(SECRET);
      if (m.error === undefined) expect(m.secrets_count, `${m.name} has a secret count`).toBeTypeOf('number');
      else expect(m.secrets_count, `${m.name}: unreadable has a null secret count`).toBeNull();
    }

    // Links and special files are never followed, read or listed.
    for (const name of ['outside-link', 'relative-link', 'dangling', 'loop-a', 'fifo', 'a-directory']) {
      const r = await rawHttp(port, { method: 'GET', path: `/api/cassettes/${name}` });
      expect(r.raw).not.toContain(SECRET);
      if (names.includes(name)) expect(byName.get(name)?.error, `${name} is not read`).toBeTypeOf('string');
    }
    const health = await rawHttp(port, { method: 'GET', path: '/health' });
    expect(health.status).toBe(200);
    expect(diffTrees(outsideBefore, await snapshotTree(box.root, (p) => p.startsWith('cassettes')))).toEqual(
      [],
    );
  });

  it(
    'refuses to modify unreadable, oddly named and linked files, and leaves them alone',
    { timeout: 60_000 },
    async () => {
      box = await makeSandbox();
      await plant(box.dir, box.root);
      server = createMagnetoServer({ dir: box.dir, host: '127.0.0.1', port: 0 });
      const { port } = await server.listen();
      const before = await snapshotTree(box.root);
      const json = { 'Content-Type': 'application/json' };
      const put = (name: string): Promise<RawResponse> =>
        rawHttp(port, {
          method: 'PUT',
          path: `/api/cassettes/${encodeURIComponent(name)}`,
          headers: json,
          body: '{"description":"pwned"}',
        });
      const del = (name: string): Promise<RawResponse> =>
        rawHttp(port, { method: 'DELETE', path: `/api/cassettes/${encodeURIComponent(name)}` });

      for (const name of [
        'truncated',
        'empty',
        'top-array',
        'huge-garbage',
        'deep-unterminated',
        'interactions-string',
      ]) {
        const r = await put(name);
        expect(r.status, `PUT ${name}`).toBe(422);
        expectErrorShape(r);
        expect((jsonOf(r) as { error: string }).error).toBe('unreadable');
        const d = await del(name);
        expect(d.status, `DELETE ${name}`).toBeLessThan(500);
      }
      for (const name of ['café', '日本語', 'with space', 'a.b.c', '\u202Eevil', 'emoji💥']) {
        for (const r of [await put(name), await del(name)]) {
          expect(r.status, `${name}: ${r.body}`).toBe(400);
          expectErrorShape(r);
        }
      }
      for (const name of ['outside-link', 'relative-link', 'dangling', 'loop-a', 'a-directory']) {
        for (const r of [await put(name), await del(name)]) {
          expect([400, 404, 422], `${name}: ${r.status} ${r.body}`).toContain(r.status);
          expectErrorShape(r);
        }
      }
      const after = await snapshotTree(box.root);
      // Deleting an unreadable cassette is allowed; nothing else may change.
      const changes = diffTrees(before, after).filter(
        (d) =>
          !/^removed cassettes\/(truncated|empty|top-array|huge-garbage|deep-unterminated|interactions-string)\.json$/.test(
            d,
          ),
      );
      expect(changes).toEqual([]);
    },
  );

  it(
    'turns hostile files written while running into events, and keeps serving',
    { timeout: 60_000 },
    async () => {
      box = await makeSandbox();
      server = createMagnetoServer({ dir: box.dir, host: '127.0.0.1', port: 0 });
      const { port } = await server.listen();
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      const seen = new Set<string>();
      const waiters: (() => void)[] = [];
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; cassette?: { name: string } };
        if (m.type === 'CassetteCreated' && m.cassette) seen.add(m.cassette.name);
        for (const w of waiters) w();
      });
      await new Promise((r) => ws.once('open', r));
      const files = hostileFiles();
      delete files['huge.json'];
      delete files['huge-garbage.json'];
      for (const [name, content] of Object.entries(files)) await writeFile(join(box.dir, name), content);
      const wanted = Object.keys(files).map((f) => f.slice(0, -5));
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`missing events for ${wanted.filter((n) => !seen.has(n)).join(', ')}`)),
            20_000,
          );
          const check = (): void => {
            if (wanted.every((n) => seen.has(n))) {
              clearTimeout(timer);
              resolve();
            }
          };
          waiters.push(check);
          check();
        });
      } finally {
        ws.terminate();
      }
      const res = await rawHttp(port, { method: 'GET', path: '/api/cassettes' });
      expect(res.status).toBe(200);
    },
  );
});
