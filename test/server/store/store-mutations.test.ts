import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  MagnetoError,
  parseNewName,
  systemClock,
  type CassetteName,
} from '../../../src/protocol/index.js';
import { createStore, type Store } from '../../../src/server/store/index.js';
import type { StoreChange } from '../../../src/server/types.js';
import {
  GOOD,
  BAD,
  copyFixtures,
  is,
  openStore,
  recordChanges,
  tempDir,
  type ChangeLog,
} from '../../helpers/store-helpers.js';

const NOW = new Date('2025-10-27T10:00:00Z');
/** A fixed time of day for `recorded_at`; the watcher's timers stay real (it waits for inotify). */
const AT_NOW = { ...systemClock, now: () => NOW.getTime() };
/** The store takes names the API has parsed (protocol.md §1.2). */
const n = (name: string): CassetteName => parseNewName(name);
let markers = 0;

/**
 * Proves that nothing but `expected` happened since `from`: an external marker file is
 * written and its own change awaited (the watcher has processed everything before it),
 * then a full reconcile runs; any echo of the API change would show up in between.
 */
async function expectOnly(
  store: Store,
  log: ChangeLog,
  from: number,
  expected: StoreChange[],
): Promise<void> {
  const marker = `marker-${++markers}`;
  await writeFile(
    join(store.dir, `${marker}.json`),
    '{"version":"1.0","name":"m","recorded_at":"2025-10-01T12:00:00Z","interactions":[]}',
  );
  await log.waitFor(is('created', marker), from);
  await store.reconcile();
  expect(log.seen.slice(from)).toEqual([
    ...expected,
    expect.objectContaining({ type: 'created', name: marker }),
  ]);
}

describe('store', () => {
  describe('create', () => {
    it('writes the documented file and emits exactly one created change', async () => {
      const dir = await tempDir();
      const store = await openStore({ dir, clock: AT_NOW });
      const log = recordChanges(store);
      const summary = await store.create({ name: n('payments-new'), description: 'Stripe sandbox' });
      const expected = {
        name: 'payments-new',
        description: 'Stripe sandbox',
        recorded_at: '2025-10-27T10:00:00.000Z',
        interactions_count: 0,
        mode: 'auto',
        size_bytes: expect.any(Number),
        secrets_count: 0,
      };
      expect(summary).toEqual(expected);
      expect(log.seen).toEqual([{ type: 'created', name: 'payments-new', summary: expected }]); // synchronous
      const text = await readFile(join(dir, 'payments-new.json'), 'utf8');
      expect(JSON.parse(text)).toEqual({
        version: '1.0',
        name: 'payments-new',
        recorded_at: '2025-10-27T10:00:00.000Z',
        description: 'Stripe sandbox',
        mode: 'auto',
        interactions: [],
      });
      expect(text).toContain('\n  "version": "1.0",\n');
      expect(summary.size_bytes).toBe(Buffer.byteLength(text));
      expect(store.list()).toEqual([expected]);
      await expectOnly(store, log, 0, [log.seen[0]!]);
    });

    it('lets exactly one of 20 concurrent creates of one name succeed', async () => {
      const dir = await tempDir();
      const store = await openStore({ dir, watch: false });
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.create({ name: n('race'), description: `d${i}` })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(19);
      for (const r of rejected) expect(r.reason).toMatchObject({ code: ErrorCode.Exists, status: 409 });
      expect(await readdir(dir)).toEqual(['race.json']); // no temp file left behind
    });

    it('lets exactly one of two stores on the same directory win (link is exclusive)', async () => {
      const dir = await tempDir();
      const a = await openStore({ dir, watch: false });
      const b = await openStore({ dir, watch: false });
      const results = await Promise.allSettled([
        a.create({ name: n('x') }),
        b.create({ name: n('x') }),
        a.create({ name: n('x') }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected', 'rejected']);
    });
  });

  describe('names', () => {
    // The name and body rules are the protocol's and are applied at the edge, before the store
    // (test/protocol/cassette-input.test.ts, test/server/api-validation.test.ts). The store
    // keeps its own last check: no path outside its directory, whatever name reaches it.

    /** A name that bypassed the protocol's parsers, as a bug elsewhere could hand in. */
    const unchecked = (name: string): CassetteName => name as CassetteName;
    const notOneComponent = ['..', '.', '.hidden', 'a/b', '../x', '..\\x', '/etc/passwd', 'a\u0000b', ''];

    it.each(notOneComponent)('refuses %j before any file system call', async (name) => {
      // The directory does not exist: any fs call would fail with io_error/not_found instead.
      const store = createStore({ dir: join(await tempDir(), 'missing'), watch: false });
      for (const op of [
        () => store.create({ name: unchecked(name) }),
        () => store.update(unchecked(name), { description: 'x' }),
        () => store.remove(unchecked(name)),
        () => store.interactions(name),
      ]) {
        const err = await op().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(MagnetoError);
        expect(err).toMatchObject({ code: ErrorCode.BadName, status: 400 });
      }
    });

    it('never touches a file outside the directory', async () => {
      const root = await tempDir();
      const dir = join(root, 'cassettes');
      await copyFixtures(root, GOOD); // siblings of the cassette directory
      await writeFile(join(root, 'victim.json'), 'keep');
      const { mkdir } = await import('node:fs/promises');
      await mkdir(dir);
      const store = await openStore({ dir, watch: false });
      const victim = unchecked('../victim');
      await expect(store.remove(victim)).rejects.toMatchObject({ code: ErrorCode.BadName });
      await expect(store.update(victim, { description: 'x' })).rejects.toMatchObject({
        code: ErrorCode.BadName,
      });
      await expect(store.create({ name: victim })).rejects.toMatchObject({ code: ErrorCode.BadName });
      expect(await readFile(join(root, 'victim.json'), 'utf8')).toBe('keep');
      expect(await readdir(dir)).toEqual([]);
    });
  });

  describe('update', () => {
    it('sets description and mode, preserving every other key and its order, with one change', async () => {
      const dir = await tempDir();
      await copyFixtures(dir, GOOD);
      const store = await openStore({ dir });
      const log = recordChanges(store);
      const before = JSON.parse(await readFile(join(dir, 'github-users.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      const summary = await store.update(n('github-users'), { description: 'Users API', mode: 'replay' });
      expect(summary).toMatchObject({
        name: 'github-users',
        description: 'Users API',
        mode: 'replay',
        interactions_count: 3,
      });
      expect(log.seen).toEqual([{ type: 'updated', name: 'github-users', summary }]);
      const after = JSON.parse(await readFile(join(dir, 'github-users.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(Object.keys(after)).toEqual([
        'version',
        'name',
        'recorded_at',
        'description',
        'mode',
        'interactions',
      ]);
      expect(after).toEqual({ ...before, description: 'Users API', mode: 'replay' });
      await expectOnly(store, log, 0, [log.seen[0]!]);
    });

    it('round-trips an upstream file byte for byte', async () => {
      const dir = await tempDir();
      await copyFixtures(dir, GOOD);
      const before = await readFile(join(dir, 'session-cookies.json'), 'utf8');
      const store = await openStore({ dir, watch: false });
      await store.update(n('session-cookies'), { mode: 'record' });
      expect(await readFile(join(dir, 'session-cookies.json'), 'utf8')).toBe(before);
    });

    it('keeps unknown keys of our own files too, and clears the description', async () => {
      const dir = await tempDir();
      await writeFile(
        join(dir, 'k.json'),
        JSON.stringify(
          {
            zz: 1,
            version: '1.0',
            name: 'k',
            recorded_at: '2025-10-01T12:00:00Z',
            description: 'd',
            interactions: [],
            tags: ['a'],
          },
          null,
          2,
        ),
      );
      const store = await openStore({ dir, watch: false });
      expect(await store.update(n('k'), { description: null })).toMatchObject({ description: null });
      const after = JSON.parse(await readFile(join(dir, 'k.json'), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(after)).toEqual([
        'zz',
        'version',
        'name',
        'recorded_at',
        'description',
        'interactions',
        'tags',
      ]);
      expect(after.description).toBeNull();
    });

    it('serialises concurrent updates of one name so that none is lost', async () => {
      const dir = await tempDir();
      const store = await openStore({ dir });
      await store.create({ name: n('c') });
      const log = recordChanges(store);
      await Promise.all([
        store.update(n('c'), { description: 'first' }),
        store.update(n('c'), { mode: 'record' }),
        ...Array.from({ length: 8 }, (_, i) => store.update(n('c'), { description: `d${i}` })),
      ]);
      const after = JSON.parse(await readFile(join(dir, 'c.json'), 'utf8')) as Record<string, unknown>;
      expect(after).toMatchObject({ description: 'd7', mode: 'record' });
      expect(store.get('c')).toMatchObject({ description: 'd7', mode: 'record' });
      expect(log.seen).toHaveLength(10);
      await expectOnly(store, log, 0, log.seen.slice(0, 10));
    });

    it('refuses unreadable and missing cassettes', async () => {
      const dir = await tempDir();
      await copyFixtures(dir, BAD);
      const before = await readFile(join(dir, 'truncated.json'), 'utf8');
      const store = await openStore({ dir, watch: false });
      await expect(store.update(n('truncated'), { description: 'x' })).rejects.toMatchObject({
        code: ErrorCode.Unreadable,
        status: 422,
      });
      await expect(store.update(n('string-body'), { mode: 'replay' })).rejects.toMatchObject({
        code: ErrorCode.Unreadable,
        status: 422,
      });
      await expect(store.update(n('nope'), { mode: 'replay' })).rejects.toMatchObject({
        code: ErrorCode.NotFound,
        status: 404,
      });
      expect(await readFile(join(dir, 'truncated.json'), 'utf8')).toBe(before);
      expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
    });
  });

  describe('remove', () => {
    it('unlinks the file and emits exactly one deleted change', async () => {
      const dir = await tempDir();
      await copyFixtures(dir, GOOD);
      const store = await openStore({ dir });
      const log = recordChanges(store);
      await store.remove(n('github-users'));
      expect(log.seen).toEqual([{ type: 'deleted', name: 'github-users' }]);
      expect(store.get('github-users')).toBeUndefined();
      expect(await readdir(dir)).not.toContain('github-users.json');
      await expectOnly(store, log, 0, [{ type: 'deleted', name: 'github-users' }]);
    });

    it('gives not_found for a missing file and unreadable for a corrupt one', async () => {
      const dir = await tempDir();
      await copyFixtures(dir, BAD);
      const store = await openStore({ dir, watch: false });
      await expect(store.remove(n('nope'))).rejects.toMatchObject({ code: ErrorCode.NotFound, status: 404 });
      await expect(store.remove(n('truncated'))).rejects.toMatchObject({
        code: ErrorCode.Unreadable,
        status: 422,
      });
      expect(await readdir(dir)).toContain('truncated.json');
    });

    it('emits one change per call for rapid create, update, remove of one name', async () => {
      const dir = await tempDir();
      const store = await openStore({ dir });
      const log = recordChanges(store);
      for (let i = 0; i < 5; i++) {
        await store.create({ name: n('burst') });
        await store.update(n('burst'), { description: `${i}` });
        await store.remove(n('burst'));
      }
      const types = log.seen.map((c) => c.type);
      expect(types).toEqual(Array.from({ length: 5 }, () => ['created', 'updated', 'deleted']).flat());
      await expectOnly(store, log, 0, [...log.seen]);
    });
  });

  describe('close', () => {
    it('waits for writes in flight and refuses new ones', async () => {
      const dir = await tempDir();
      const store = createStore({ dir });
      await store.start();
      const pending = store.create({ name: n('late') });
      await store.close();
      await expect(pending).resolves.toMatchObject({ name: 'late' });
      await expect(store.create({ name: n('later') })).rejects.toMatchObject({ code: ErrorCode.Io });
    });
  });
});
