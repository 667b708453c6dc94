import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runTui } from '../../src/ui/run-tui.js';
import { ENTER_ALT_SCREEN, LEAVE_SEQUENCE, REPAINT_SEQUENCE } from '../../src/ui/screen/terminal.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeEngine, summary } from '../helpers/fake-engine.js';
import { FakeStdin } from '../helpers/fake-stdin.js';

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  chunks: string[] = [];
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

function setup(options: { clock?: FakeClock; columns?: string[] } = {}) {
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const host = new EventEmitter();
  const engine = new FakeEngine([summary('auth-login'), summary('users-api')]);
  const done = runTui(
    {
      engine,
      urlLabel: 'http://127.0.0.1:8889',
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      color: false,
      ...options,
    },
    host,
  );
  return { stdout, stdin, host, engine, done };
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2025-10-27T10:05:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runTui', () => {
  it('enters the alternate screen and restores the terminal on q', async () => {
    const t = setup();
    await vi.advanceTimersByTimeAsync(40);
    expect(t.stdout.chunks[0]?.startsWith(ENTER_ALT_SCREEN)).toBe(true);
    expect(t.stdout.text).toContain('auth-login');
    expect(t.host.listenerCount('SIGTERM')).toBe(1);
    t.stdin.type('q');
    await t.done;
    expect(t.stdout.chunks.at(-1)).toBe(LEAVE_SEQUENCE);
    for (const e of ['SIGINT', 'SIGTERM', 'SIGHUP', 'uncaughtExceptionMonitor', 'exit'])
      expect(t.host.listenerCount(e)).toBe(0);
    expect(t.engine.subscribers).toBe(0);
    expect(t.stdout.listenerCount('resize')).toBe(0);
  });

  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT']) {
    it(`restores the terminal and resolves on ${signal}`, async () => {
      const t = setup();
      await vi.advanceTimersByTimeAsync(40);
      t.host.emit(signal);
      await t.done;
      expect(t.stdout.chunks.at(-1)).toBe(LEAVE_SEQUENCE);
      expect(t.stdout.text.split(LEAVE_SEQUENCE)).toHaveLength(2);
    });
  }

  it('restores the terminal on Ctrl-C', async () => {
    const t = setup();
    await vi.advanceTimersByTimeAsync(40);
    t.stdin.type('\u0003');
    await t.done;
    expect(t.stdout.chunks.at(-1)).toBe(LEAVE_SEQUENCE);
  });

  it('restores the terminal at once on a crash', async () => {
    const t = setup();
    await vi.advanceTimersByTimeAsync(40);
    t.host.emit('uncaughtExceptionMonitor', new Error('boom'));
    expect(t.stdout.chunks.at(-1)).toBe(LEAVE_SEQUENCE);
    expect(t.stdin.raw.at(-1)).toBe(false);
    t.host.emit('SIGTERM');
    await t.done;
    expect(t.stdout.text.split(LEAVE_SEQUENCE)).toHaveLength(2);
  });

  it('writes only the changed lines of a frame to the terminal', async () => {
    const t = setup();
    await vi.advanceTimersByTimeAsync(40);
    const before = t.stdout.chunks.length;
    t.engine.updated(summary('users-api', { interactions_count: 42 }));
    await vi.advanceTimersByTimeAsync(40);
    const written = t.stdout.chunks.slice(before).join('');
    expect(written).toContain('42');
    expect(written).toContain('Cassette updated: users-api');
    expect(written).not.toContain('auth-login');
    expect(written).not.toContain('magneto-watch');
    t.host.emit('SIGTERM');
    await t.done;
  });

  it('never draws more than rows − 1 lines, and repaints on resize', async () => {
    const t = setup();
    await vi.advanceTimersByTimeAsync(40);
    const rowsUsed = (text: string) => [...text.matchAll(/\u001b\[(\d+);1H/g)].map((m) => Number(m[1]));
    expect(Math.max(...rowsUsed(t.stdout.text))).toBeLessThanOrEqual(23);
    const before = t.stdout.chunks.length;
    t.stdout.columns = 100;
    t.stdout.rows = 12;
    t.stdout.emit('resize');
    t.stdout.emit('resize');
    await vi.advanceTimersByTimeAsync(60);
    const after = t.stdout.chunks.slice(before).join('');
    expect(after).toContain('\u001b[2J');
    expect(Math.max(...rowsUsed(after))).toBeLessThanOrEqual(11);
    t.host.emit('SIGTERM');
    await t.done;
  });

  it('runs frames and the resize debounce on the injected clock', async () => {
    const clock = new FakeClock(Date.parse('2025-10-27T10:05:00Z'));
    const t = setup({ clock });
    await vi.advanceTimersByTimeAsync(40);
    expect(t.stdout.text).toContain('auth-login');
    t.engine.updated(summary('users-api', { interactions_count: 42 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.stdout.text).not.toContain('42');
    clock.advance(40);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.stdout.text).toContain('42');
    const before = t.stdout.chunks.length;
    t.stdout.rows = 12;
    t.stdout.emit('resize');
    clock.advance(30);
    t.stdout.emit('resize');
    clock.advance(49);
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.stdout.chunks.slice(before).join('')).not.toContain('\u001b[2J');
    clock.advance(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.stdout.chunks.slice(before).join('')).toContain('\u001b[2J');
    t.host.emit('SIGTERM');
    await t.done;
    expect(clock.pending()).toEqual([]);
  });

  it('shows the columns the columns option names', async () => {
    const t = setup({ columns: ['Size', 'interactions'] });
    await vi.advanceTimersByTimeAsync(40);
    expect(t.stdout.text).toContain(
      `\u001b[2;1H   NAME ▲${' '.repeat(40)}SIZE    INTERACTIONS\u001b[0m\u001b[K`,
    );
    t.host.emit('SIGTERM');
    await t.done;
  });

  it('refuses an unknown column before taking the terminal over', async () => {
    const t = setup({ columns: ['name', 'age'] });
    await expect(t.done).rejects.toThrow(
      'unknown column "age" (columns: name, secrets, description, mode, interactions, size, recorded)',
    );
    expect(t.stdout.chunks).toEqual([]);
  });

  it('repaints the whole screen on Ctrl-L: modes set back, cleared, every line written again', async () => {
    const t = setup();
    await vi.advanceTimersByTimeAsync(40);
    const before = t.stdout.chunks.length;
    t.stdin.type('\u000c');
    await vi.advanceTimersByTimeAsync(40);
    const after = t.stdout.chunks.slice(before);
    expect(after[0]).toBe(REPAINT_SEQUENCE);
    const frame = after.slice(1).join('');
    expect(frame.startsWith('\u001b[?2026h\u001b[H\u001b[2J')).toBe(true);
    // Every line of the screen, the unchanged ones too, at its row.
    const rows = [...frame.matchAll(/\u001b\[(\d+);1H/g)].map((m) => Number(m[1]));
    expect(rows).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(frame).toContain('\u001b[3;1H›  auth-login');
    expect(frame).toContain('\u001b[1;1H magneto-watch');
    t.host.emit('SIGTERM');
    await t.done;
  });
});
