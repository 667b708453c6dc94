import { describe, expect, it } from 'vitest';
import type { ServerInfo } from '../../../src/client/index.js';
import { FakeEngine, summary } from '../../helpers/fake-engine.js';
import { mountOnFakeTime } from '../../helpers/mount.js';

const T0 = Date.parse('2025-10-27T10:05:00Z');
const OURS: ServerInfo = { flavor: 'magneto-watch', canCreate: true, canUpdate: true };

const mount = mountOnFakeTime(T0);
let ui: ReturnType<typeof mount> | undefined;

const rowOf = (name: string): string => ui?.lines().find((l) => l.includes(` ${name} `)) ?? '';

describe('the server’s status on the status line (protocol.md §3.7)', () => {
  it('shows ◌ Indexing done/total… while the server’s first index runs, then ● Live', async () => {
    ui = mount(new FakeEngine([summary('a')]), { columns: 100 });
    ui.engine.push({ type: 'server', info: { ...OURS, indexing: { done: 3200, total: 10000 } } });
    await ui.settle();
    expect(ui.lines()[0]).toBe(
      ' magneto-watch  ◌ Indexing 3 200/10 000…   web http://127.0.0.1:8889/   ./cassettes     1 cassette',
    );
    ui.engine.push({ type: 'server', info: OURS });
    await ui.settle();
    expect(ui.lines()[0]).toBe(
      ' magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes                       1 cassette',
    );
  });

  it('says when the server polls the disk instead of getting file events', async () => {
    ui = mount(new FakeEngine([summary('a')]), { columns: 100 });
    ui.engine.push({
      type: 'server',
      info: { ...OURS, watch: { mode: 'poll', interval_ms: 1000, reason: 'fs.watch failed: ENOSPC' } },
    });
    await ui.settle();
    expect(ui.lines()[0]).toBe(
      ' magneto-watch  ● Live (disk polled every 1000 ms)   web http://127.0.0.1:8889/         1 cassette',
    );
  });

  it('adds the rows of the first index without a flash or a toast, and flashes what changes after it', async () => {
    ui = mount(new FakeEngine([]), { columns: 100 });
    ui.engine.push({ type: 'server', info: { ...OURS, indexing: { done: 0, total: 2 } } });
    ui.engine.created(summary('indexed-one'));
    await ui.settle();
    expect(rowOf('indexed-one')).toMatch(/^› {2}indexed-one /); // selected, not flashed (no +)
    expect(ui.frame()).not.toContain('New cassette');
    ui.engine.push({ type: 'server', info: OURS });
    ui.engine.created(summary('recorded-later'));
    await ui.settle();
    expect(rowOf('recorded-later')).toMatch(/^ \+ recorded-later /);
    expect(ui.frame()).toContain('✓ New cassette: recorded-later');
  });
});
