import { EventEmitter } from 'node:events';
import type { FSWatcher } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchDirectory } from '../../../src/server/store/watcher.js';

function setup(options: { maxWaitMs?: number; reconcileMs?: number } = {}) {
  const names: string[] = [];
  let rescans = 0;
  let emitter: (EventEmitter & { closed: boolean }) | undefined;
  let listener: (e: string, f: string | null) => void = () => undefined;
  let watchCalls = 0;
  const w = watchDirectory({
    dir: '/nowhere',
    onName: (n) => names.push(n),
    onRescan: () => rescans++,
    reconcileMs: options.reconcileMs ?? 0,
    maxWaitMs: options.maxWaitMs,
    retryMs: 1000,
    onError: () => undefined,
    watch: (_dir, l) => {
      watchCalls++;
      listener = l;
      emitter = Object.assign(new EventEmitter(), { closed: false });
      return Object.assign(emitter, { close: () => void (emitter!.closed = true) }) as unknown as FSWatcher;
    },
  });
  return {
    names,
    rescans: () => rescans,
    watchCalls: () => watchCalls,
    event: (f: string | null) => listener('change', f),
    fail: () => emitter!.emit('error', new Error('boom')),
    close: () => w.close(),
  };
}

describe('directory watcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('debounces per file: one call 50 ms after the last event', async () => {
    const t = setup();
    t.event('a.json');
    await vi.advanceTimersByTimeAsync(30);
    t.event('a.json');
    t.event('b.json');
    await vi.advanceTimersByTimeAsync(49);
    expect(t.names).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.names.sort()).toEqual(['a.json', 'b.json']);
    t.close();
  });

  it('reports a file written without pause after maxWaitMs', async () => {
    const t = setup({ maxWaitMs: 200 });
    for (let i = 0; i < 30; i++) {
      t.event('busy.json');
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(t.names).toEqual(['busy.json']);
    t.close();
  });

  it('rescans on unnamed events, on errors, periodically, and re-creates a failed watcher', async () => {
    const t = setup({ reconcileMs: 5000 });
    t.event(null);
    expect(t.rescans()).toBe(1);
    t.fail();
    expect(t.rescans()).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.watchCalls()).toBe(2);
    expect(t.rescans()).toBe(3); // after the restart, for what happened in between
    await vi.advanceTimersByTimeAsync(4000);
    expect(t.rescans()).toBe(4);
    t.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.rescans()).toBe(4);
  });

  it('forgets pending events on close', async () => {
    const t = setup();
    t.event('a.json');
    t.close();
    await vi.advanceTimersByTimeAsync(100);
    expect(t.names).toEqual([]);
  });
});
