import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/protocol/index.js';
import { createStore, parseCassette, type ParseCassette } from '../../../src/server/store/index.js';
import { BAD, GOOD, copyFixtures, openStore, tempDir } from '../../helpers/store-helpers.js';

describe('store', () => {
  describe('listing', () => {
    it('lists the upstream fixtures by file stem, sorted, with normalised summaries', async () => {
      const dir = await tempDir();
      await copyFixtures(dir, GOOD);
      const store = await openStore({ dir, watch: false });
      const list = store.list();
      expect(list.map((s) => s.name)).toEqual([
        'api.v2-users',
        'chat-websocket',
        'empty-v2',
        'github-users',
        'payments-timeout',
        'session-cookies',
        'stem-differs',
      ]);
      for (const s of list) expect(s.error, s.name).toBeUndefined();
      const byName = Object.fromEntries(list.map((s) => [s.name, s]));
      expect(byName['stem-differs']).toMatchObject({
        recorded_at: '2025-10-01T12:00:00Z',
        interactions_count: 1,
      });
      expect(byName['api.v2-users']).toMatchObject({
        recorded_at: '2025-10-12T07:45:10.5Z',
        interactions_count: 1,
      });
      expect(byName['session-cookies']).toEqual({
        name: 'session-cookies',
        description: 'Login flow with cookies',
        recorded_at: '2025-10-30T09:12:45Z',
        interactions_count: 1,
        mode: 'record',
        size_bytes: (await readFile(join(dir, 'session-cookies.json'))).length,
        // The `sid` cookie and the form body's `pass=b` (protocol.md §2.5).
        secrets_count: 2,
      });
      expect(byName['github-users']).toMatchObject({
        description: null,
        mode: 'auto',
        interactions_count: 3,
      });
    });

    it('gives details with version and counts per kind', async () => {
      const dir = await tempDir();
      await copyFixtures(dir, GOOD);
      const store = await openStore({ dir, watch: false });
      expect(store.get('payments-timeout')).toMatchObject({
        version: '1.0',
        cookies_count: 0,
        http_count: 1,
        http_error_count: 1,
        websocket_count: 0,
      });
      expect(store.get('session-cookies')).toMatchObject({ cookies_count: 1 });
      expect(store.get('empty-v2')).toMatchObject({ version: '2.0', interactions_count: 0 });
      expect(store.get('a-different-inner-name')).toBeUndefined();
      expect(store.get('nope')).toBeUndefined();
    });

    it('lists each bad fixture with an error instead of dropping it', async () => {
      const dir = await tempDir();
      await copyFixtures(dir, BAD);
      const store = await openStore({ dir, watch: false });
      expect(store.list()).toEqual([
        expect.objectContaining({
          name: 'ansi-injection',
          interactions_count: 0,
          description: expect.stringContaining('\u001b[2J'),
        }),
        expect.objectContaining({
          name: 'no-interactions',
          error: 'missing interactions array',
          recorded_at: null,
          interactions_count: null,
        }),
        expect.objectContaining({
          name: 'string-body',
          error: expect.stringContaining('request body must be a byte array'),
        }),
        expect.objectContaining({
          name: 'truncated',
          error: 'invalid JSON at position 109',
          description: null,
        }),
      ]);
      expect(store.list()[0]!.error).toBeUndefined();
    });

    it('ignores dot files, temp files, other extensions, directories and symlinks', async () => {
      const dir = await tempDir();
      await copyFixtures(dir, GOOD);
      await writeFile(join(dir, '.hidden.json'), '{}');
      await writeFile(join(dir, '.github-users.json.123.abc.tmp'), '{}');
      await writeFile(join(dir, 'notes.txt'), 'x');
      await writeFile(join(dir, 'backup.json.bak'), '{}');
      await mkdir(join(dir, 'folder.json'));
      await symlink('/etc/hostname', join(dir, 'escape.json'));
      const store = await openStore({ dir, watch: false });
      expect(store.list()).toHaveLength(7);
    });

    it('returns interaction summaries by stem, and refuses unknown or unreadable ones', async () => {
      const dir = await tempDir();
      await copyFixtures(dir, GOOD, BAD);
      const store = await openStore({ dir, watch: false });
      expect(await store.interactions('payments-timeout')).toHaveLength(2);
      expect((await store.interactions('api.v2-users'))[0]).toMatchObject({ method: 'GET', status: 200 });
      await expect(store.interactions('truncated')).rejects.toMatchObject({
        code: ErrorCode.Unreadable,
        status: 422,
      });
      await expect(store.interactions('missing')).rejects.toMatchObject({
        code: ErrorCode.NotFound,
        status: 404,
      });
      await expect(store.interactions('../etc/passwd')).rejects.toMatchObject({
        code: ErrorCode.BadName,
        status: 400,
      });
    });

    it('sorts by code point', async () => {
      const dir = await tempDir();
      const body = '{"version":"1.0","name":"x","recorded_at":"2025-10-01T12:00:00Z","interactions":[]}';
      for (const n of ['b', 'B', '_a', 'a-', 'ä', '\u{1F600}', '\uFF21'])
        await writeFile(join(dir, `${n}.json`), body);
      const store = await openStore({ dir, watch: false });
      expect(store.list().map((s) => s.name)).toEqual(['B', '_a', 'a-', 'b', 'ä', '\uFF21', '\u{1F600}']);
    });
  });

  describe('cache', () => {
    it('never re-parses an unchanged file, re-parses only a changed one', async () => {
      const dir = await tempDir();
      await copyFixtures(dir, GOOD);
      const parsed: string[] = [];
      const parse: ParseCassette = (text) => {
        const result = parseCassette(text);
        parsed.push(result.doc?.name as string);
        return result;
      };
      const store = await openStore({ dir, watch: false, parse });
      expect(parsed).toHaveLength(7);
      for (let i = 0; i < 5; i++) store.list();
      store.get('github-users');
      await store.reconcile();
      expect(parsed).toHaveLength(7);
      const text = await readFile(join(dir, 'empty-v2.json'), 'utf8');
      await writeFile(join(dir, 'empty-v2.json'), text.replace('"2.0"', '"1.0.1"'));
      await store.reconcile();
      expect(parsed).toEqual([...parsed.slice(0, 7), 'empty-v2']);
      expect(store.get('empty-v2')?.version).toBe('1.0.1');
    });
  });

  describe('start', () => {
    it('rejects with one clear io_error line when the directory does not exist', async () => {
      const dir = join(await tempDir(), 'missing');
      const store = createStore({ dir });
      await expect(store.start()).rejects.toMatchObject({
        code: ErrorCode.Io,
        message: `cassette directory ${dir} does not exist`,
      });
      await store.close();
    });

    it('rejects when the path is a file', async () => {
      const dir = await tempDir();
      await writeFile(join(dir, 'file'), '');
      const store = createStore({ dir: join(dir, 'file') });
      await expect(store.start()).rejects.toMatchObject({
        code: ErrorCode.Io,
        message: expect.stringMatching(/not a directory/),
      });
      await store.close();
    });

    it.skipIf(process.getuid?.() === 0)('rejects when the directory is not readable', async () => {
      const dir = await tempDir();
      await chmod(dir, 0o000);
      const store = createStore({ dir });
      try {
        await expect(store.start()).rejects.toMatchObject({
          code: ErrorCode.Io,
          message: expect.stringMatching(/not readable/),
        });
      } finally {
        await chmod(dir, 0o700);
        await store.close();
      }
    });

    it('resolves dir to an absolute path', () => {
      expect(createStore({ dir: 'relative/cassettes' }).dir).toBe(join(process.cwd(), 'relative/cassettes'));
    });
  });
});
