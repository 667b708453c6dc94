import { EventEmitter } from 'node:events';
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { WatchInfo } from '../../../src/protocol/index.js';
import { watchDirectory, type DirWatcherOptions } from '../../../src/server/store/watcher.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { tempDir } from '../../helpers/store-helpers.js';
import { turn, waitUntil } from '../../helpers/wait-until.js';

type Listener = (event: string, fileName: string | null) => void;
type Fake = EventEmitter & { listener: Listener; closed: boolean };

const enospc = (): Error =>
  Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });

/**
 * fs.watch played by a script: each call takes the next step. `fake` never reports anything
 * unless the test calls its listener, `real` is fs.watch itself, `enospc` throws.
 */
function scriptedWatch(steps: Array<'fake' | 'real' | 'enospc'>) {
  const made: Array<Fake | FSWatcher> = [];
  let calls = 0;
  const watch = (dir: string, listener: Listener): FSWatcher => {
    const step = steps[Math.min(calls++, steps.length - 1)];
    if (step === 'enospc') throw enospc();
    if (step === 'real') {
      const w = fsWatch(dir, { persistent: false, encoding: 'utf8' }, listener);
      made.push(w);
      return w;
    }
    const fake = Object.assign(new EventEmitter(), { listener, closed: false });
    const w = Object.assign(fake, { close: () => void (fake.closed = true) });
    made.push(w);
    return w as unknown as FSWatcher;
  };
  return { watch, made, calls: () => calls };
}

function setup(options: Partial<DirWatcherOptions> & { dir?: string } = {}) {
  const names: string[] = [];
  const modes: WatchInfo[] = [];
  const errors: unknown[] = [];
  let rescans = 0;
  const clock = options.clock instanceof FakeClock ? options.clock : new FakeClock();
  const w = watchDirectory({
    dir: '/nowhere',
    onName: (n) => names.push(n),
    onRescan: () => void rescans++,
    reconcileMs: 0,
    retryMs: 1000,
    probeMs: 0,
    onMode: (m) => modes.push(m),
    onError: (e) => errors.push(e),
    ...options,
    clock,
  });
  return { w, clock, names, modes, errors, rescans: () => rescans };
}

const ENOSPC_REASON =
  'fs.watch failed: ENOSPC (the inotify watch limit is reached; raise fs.inotify.max_user_watches)';

describe('directory watcher', () => {
  describe('file events', () => {
    it('debounces per file: one call 50 ms after the last event', () => {
      const script = scriptedWatch(['fake']);
      const t = setup({ watch: script.watch });
      const fake = script.made[0] as Fake;
      fake.listener('change', 'a.json');
      t.clock.advance(30);
      fake.listener('change', 'a.json');
      fake.listener('change', 'b.json');
      t.clock.advance(49);
      expect(t.names).toEqual([]);
      t.clock.advance(1);
      expect(t.names.sort()).toEqual(['a.json', 'b.json']);
      t.w.close();
    });

    it('reports a file written without pause after maxWaitMs', () => {
      const script = scriptedWatch(['fake']);
      const t = setup({ watch: script.watch, maxWaitMs: 200 });
      for (let i = 0; i < 30; i++) {
        (script.made[0] as Fake).listener('change', 'busy.json');
        t.clock.advance(10);
      }
      expect(t.names).toEqual(['busy.json']);
      t.w.close();
    });

    it('rescans on unnamed events and on the periodic safety net, on an unref’d timer', () => {
      const script = scriptedWatch(['fake']);
      const t = setup({ watch: script.watch, reconcileMs: 5000 });
      (script.made[0] as Fake).listener('rename', null);
      expect(t.rescans()).toBe(1);
      expect(t.clock.pending({ unref: true })).toEqual([5000]);
      t.clock.advance(5000);
      expect(t.rescans()).toBe(2);
      t.w.close();
      t.clock.advance(10_000);
      expect(t.rescans()).toBe(2);
      expect(t.clock.pending()).toEqual([]);
    });

    it('forgets pending events on close', () => {
      const script = scriptedWatch(['fake']);
      const t = setup({ watch: script.watch });
      (script.made[0] as Fake).listener('change', 'a.json');
      t.w.close();
      t.clock.advance(100);
      expect(t.names).toEqual([]);
    });
  });

  describe('when file events fail', () => {
    it('polls at once when fs.watch throws ENOSPC, says why, and polls every pollMs', async () => {
      const t = setup({ watch: scriptedWatch(['enospc']).watch, pollMs: 1000 });
      expect(t.w.mode).toEqual({ mode: 'poll', interval_ms: 1000, reason: ENOSPC_REASON });
      await t.w.settled;
      for (let i = 1; i <= 3; i++) {
        t.clock.advance(1000);
        await turn();
        expect(t.rescans()).toBe(i);
      }
      t.w.close();
    });

    it('polls when a working watcher errors later, retries with backoff, and returns to file events once a new watcher passes its probe', async () => {
      const dir = await tempDir();
      const script = scriptedWatch(['real', 'enospc', 'real']);
      const t = setup({ dir, watch: script.watch, probeMs: 2000, reconcileMs: 30_000 });
      await t.w.settled;
      expect(t.w.mode).toEqual({ mode: 'events' });

      const emfile = Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
      (script.made[0] as FSWatcher).emit('error', emfile);
      const polling: WatchInfo = {
        mode: 'poll',
        interval_ms: 1000,
        reason:
          'fs.watch failed: EMFILE (too many inotify instances or open files; raise fs.inotify.max_user_instances or ulimit -n)',
      };
      expect(t.modes).toEqual([polling]);
      expect(t.rescans()).toBe(1); // what happened since the last event

      t.clock.advance(1000); // the first retry throws ENOSPC: still polling, next retry in 2 s
      expect(script.calls()).toBe(2);
      expect(t.errors).toHaveLength(1);
      t.clock.advance(1999);
      expect(script.calls()).toBe(2);
      t.clock.advance(1);
      expect(script.calls()).toBe(3);
      await waitUntil(() => t.modes.length === 2, 'the return to file events');
      expect(t.modes).toEqual([polling, { mode: 'events' }]);
      expect(await readdir(dir)).toEqual([]); // the probe file is gone
      const before = t.rescans();
      t.clock.advance(10_000); // no more polls, only the safety net's period
      await turn();
      expect(t.rescans()).toBe(before);
      expect(t.clock.pending()).toEqual([20_000]);
      t.w.close();
    });

    it('gives file events up for good when its probe file makes no event within probeMs', async () => {
      const dir = await tempDir();
      const script = scriptedWatch(['fake']);
      const t = setup({ dir, watch: script.watch, probeMs: 2000, pollMs: 1000 });
      expect(t.w.mode).toEqual({ mode: 'events' });
      t.clock.advance(1999);
      await turn();
      expect(t.modes).toEqual([]);
      t.clock.advance(1);
      await t.w.settled;
      const reason = 'no file events within 2000 ms: this file system does not report changes';
      expect(t.modes).toEqual([{ mode: 'poll', interval_ms: 1000, reason }]);
      expect(t.w.mode).toEqual({ mode: 'poll', interval_ms: 1000, reason });
      expect((script.made[0] as Fake).closed).toBe(true);
      expect(await readdir(dir)).toEqual([]);
      expect(t.clock.pending()).toEqual([1000]); // the poll; no retry of fs.watch
      t.clock.advance(60_000);
      expect(script.calls()).toBe(1);
      t.w.close();
    });

    it('counts a probe event already queued when a busy event loop gets back to the timeout', async () => {
      const dir = await tempDir();
      // The real clock and fs.watch: Node runs due timers before it reads file events.
      const w = watchDirectory({ dir, onName: () => undefined, onRescan: () => undefined, probeMs: 50 });
      const busyUntil = Date.now() + 300;
      while (Date.now() < busyUntil) {
        // busy: the probe's event and its timeout are both due when the loop comes back
      }
      await w.settled;
      expect(w.mode).toEqual({ mode: 'events' });
      w.close();
    });

    it('treats a directory it cannot write its probe into as watched', async () => {
      const script = scriptedWatch(['fake']);
      const t = setup({ dir: '/nonexistent-mw-dir', watch: script.watch, probeMs: 2000 });
      await t.w.settled;
      expect(t.w.mode).toEqual({ mode: 'events' });
      expect(t.errors).toMatchObject([{ code: 'ENOENT' }]);
      t.w.close();
    });
  });

  describe('when asked to poll', () => {
    it('never calls fs.watch, writes no probe, and arms the next poll when the previous pass is over', async () => {
      const dir = await tempDir();
      const calls: Array<() => void> = [];
      const clock = new FakeClock();
      const w = watchDirectory({
        dir,
        clock,
        onName: () => undefined,
        onRescan: () => new Promise<void>((resolve) => calls.push(resolve)),
        poll: { intervalMs: 250 },
        watch: () => {
          throw new Error('fs.watch must not be called');
        },
      });
      await w.settled;
      expect(w.mode).toEqual({ mode: 'poll', interval_ms: 250 });
      expect(await readdir(dir)).toEqual([]);
      expect(clock.pending({ unref: true })).toEqual([250]);
      clock.advance(250);
      expect(calls).toHaveLength(1);
      clock.advance(1000); // the pass is still running: no second one
      expect(calls).toHaveLength(1);
      calls[0]!();
      await turn();
      expect(clock.pending()).toEqual([250]);
      clock.advance(250);
      expect(calls).toHaveLength(2);
      w.close();
      calls[1]!();
      await turn();
      expect(clock.pending()).toEqual([]);
    });
  });
});
