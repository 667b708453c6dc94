import { EventEmitter } from 'node:events';
import type { FSWatcher } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../../src/protocol/index.js';
import { createStore, type Store } from '../../../src/server/store/index.js';
import { remoteFsReason } from '../../../src/server/store/watch-reasons.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { cassetteJson } from '../../helpers/sandbox.js';
import { is, openStore, recordChanges, tempDir } from '../../helpers/store-helpers.js';
import { waitUntil } from '../../helpers/wait-until.js';
import type { ServerLog } from '../../../src/server/log.js';

const noWatch = (): FSWatcher => {
  throw new Error('fs.watch must not be called');
};

const throwing = (code: string) => (): FSWatcher => {
  throw Object.assign(new Error(`${code}: fs.watch failed`), { code });
};

/** A watcher that starts fine and never reports anything, like fs.watch on some network mounts. */
const silent = (): FSWatcher =>
  Object.assign(new EventEmitter(), { close: () => undefined }) as unknown as FSWatcher;

/** Every entry written to the log, as [level, fields, message]. */
function memoryLog() {
  const lines: Array<[string, Record<string, unknown>, string]> = [];
  const at =
    (level: string) =>
    (fields: object, message: string): void =>
      void lines.push([level, fields as Record<string, unknown>, message]);
  const log: ServerLog = {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
  };
  return { log, lines };
}

/** Writes a cassette on disk, advances the fake clock by one poll period, and waits for its creation. */
async function appearsAfterOnePoll(store: Store, clock: FakeClock, name: string, periodMs: number) {
  const log = recordChanges(store);
  await writeFile(join(store.dir, `${name}.json`), cassetteJson(name));
  clock.advance(periodMs - 1);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(log.seen).toEqual([]); // nothing before the poll: no file events here
  clock.advance(1);
  return log.waitFor(is('created', name));
}

describe('store polling', () => {
  it('polls every `poll` ms when asked to, without fs.watch: a file written on disk appears after one poll', async () => {
    const clock = new FakeClock();
    const store = await openStore({ dir: await tempDir(), clock, poll: 250, watchFn: noWatch });
    expect(store.status()).toEqual({ watch: { mode: 'poll', interval_ms: 250 } });
    await appearsAfterOnePoll(store, clock, 'recorded', 250);
  });

  it('falls back to polling every second when fs.watch throws ENOSPC, and says why in its status and log', async () => {
    const clock = new FakeClock();
    const { log, lines } = memoryLog();
    const store = await openStore({ dir: await tempDir(), clock, watchFn: throwing('ENOSPC'), log });
    const reason =
      'fs.watch failed: ENOSPC (the inotify watch limit is reached; raise fs.inotify.max_user_watches)';
    expect(store.status()).toEqual({ watch: { mode: 'poll', interval_ms: 1000, reason } });
    expect(lines.filter(([level]) => level === 'warn')).toEqual([
      [
        'warn',
        { watch: { mode: 'poll', interval_ms: 1000, reason } },
        'file events do not work here: polling every 1000 ms',
      ],
    ]);
    await appearsAfterOnePoll(store, clock, 'recorded', 1000);
  });

  it('falls back to polling when its watcher never reports the probe file, and leaves no probe file behind', async () => {
    const clock = new FakeClock();
    const dir = await tempDir();
    const store = createStore({ dir, clock, watchFn: silent, probeMs: 2000 });
    const started = store.start();
    await waitUntil(() => clock.pending().includes(2000), 'the probe timeout to be armed');
    let done = false;
    void started.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false); // start() waits for the self-test
    clock.advance(2000);
    await started;
    expect(store.status()).toEqual({
      watch: {
        mode: 'poll',
        interval_ms: 1000,
        reason: 'no file events within 2000 ms: this file system does not report changes',
      },
    });
    expect(await readdir(dir)).toEqual([]);
    await appearsAfterOnePoll(store, clock, 'late', 1000);
    await store.close();
  });

  it.runIf(process.platform === 'linux')(
    'polls from the start a directory on NFS, where changes made by another host make no event',
    async () => {
      const clock = new FakeClock();
      const store = await openStore({
        dir: await tempDir(),
        clock,
        watchFn: noWatch,
        fsType: async () => 0x6969,
      });
      expect(store.status()).toEqual({
        watch: {
          mode: 'poll',
          interval_ms: 1000,
          reason: 'nfs file system: changes made by another host make no file events here',
        },
      });
      await appearsAfterOnePoll(store, clock, 'from-the-server', 1000);
    },
  );

  it('reports a deletion found by a poll as one change', async () => {
    const clock = new FakeClock();
    const dir = await tempDir();
    await writeFile(join(dir, 'gone.json'), cassetteJson('gone'));
    const store = await openStore({ dir, clock, poll: 100, watchFn: noWatch });
    const log = recordChanges(store);
    await rm(join(dir, 'gone.json'));
    clock.advance(100);
    await log.waitFor(is('deleted', 'gone'));
    expect(log.seen).toEqual([{ type: 'deleted', name: 'gone' }]);
  });

  it('tells status listeners when it falls back to polling after a watcher error', async () => {
    const dir = await tempDir();
    const watchers: EventEmitter[] = [];
    const store = await openStore({
      dir,
      probeMs: 0,
      watchFn: () => {
        const w = Object.assign(new EventEmitter(), { close: () => undefined });
        watchers.push(w);
        return w as unknown as FSWatcher;
      },
    });
    const seen: ServerStatus[] = [];
    store.onStatus((s) => seen.push(s));
    watchers[0]!.emit('error', Object.assign(new Error('EPERM'), { code: 'EPERM' }));
    const reason = 'fs.watch failed: EPERM (not allowed to watch this directory)';
    expect(seen).toEqual([{ watch: { mode: 'poll', interval_ms: 1000, reason } }]);
  });
});

describe('remote file systems', () => {
  it('names the Linux file systems whose changes can come from another host, and trusts the others', async () => {
    const reason = (type: number, platform = 'linux') => remoteFsReason('/x', async () => type, platform);
    expect(await reason(0x6969)).toBe(
      'nfs file system: changes made by another host make no file events here',
    );
    expect(await reason(0x01021997)).toMatch(/^9p file system/); // WSL2's /mnt/c
    expect(await reason(0x65735546)).toMatch(/^fuse file system/); // Docker Desktop bind mounts
    expect(await reason(0xff534d42)).toMatch(/^cifs file system/);
    expect(await reason(0xef53)).toBeUndefined(); // ext4
    expect(await reason(0x6969, 'darwin')).toBeUndefined(); // f_type is no magic number there
    expect(
      await remoteFsReason('/x', async () => {
        throw new Error('ENOSYS');
      }),
    ).toBeUndefined();
  });
});
