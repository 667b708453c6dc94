import { describe, expect, it } from 'vitest';
import { FakeEngine, summary } from '../helpers/fake-engine.js';
import { mountOnFakeTime } from '../helpers/mount.js';

const T0 = Date.parse('2025-10-27T10:05:00Z');

function engine(): FakeEngine {
  return new FakeEngine([
    summary('alpha', { interactions_count: 3, recorded_at: '2025-10-27T10:04:00Z' }),
    summary('beta', { interactions_count: 12, recorded_at: '2025-10-27T08:05:00Z' }),
    summary('gamma', { interactions_count: 7, recorded_at: '2025-10-25T10:05:00Z' }),
  ]);
}

const mount = mountOnFakeTime(T0);
let ui: ReturnType<typeof mount> | undefined;

/** The column header and the three rows, right-trimmed. */
const table = (lines: string[]): string[] => lines.slice(1, 5).map((l) => l.trimEnd());

describe('the initial sort (the config file, --sort)', () => {
  it('is by name, A to Z, when none is given', async () => {
    ui = mount(engine(), { columns: 80 });
    await ui.settle();
    expect(table(ui.lines())).toEqual([
      '   NAME ▲                    ⚠   DESCRIPTION           INTERACTIONS  RECORDED',
      '›  alpha                                                          3  1m ago',
      '   beta                                                          12  2h ago',
      '   gamma                                                          7  2d ago',
    ]);
  });

  it('orders the rows and marks the header from the first frame', async () => {
    ui = mount(engine(), { columns: 80, sort: { key: 'interactions', reverse: false } });
    await ui.settle();
    expect(table(ui.lines())).toEqual([
      '   NAME                      ⚠   DESCRIPTION         INTERACTIONS ▼  RECORDED',
      '›  beta                                                          12  2h ago',
      '   gamma                                                          7  2d ago',
      '   alpha                                                          3  1m ago',
    ]);
  });

  it('can start reversed, and s then moves on from it', async () => {
    ui = mount(engine(), { columns: 80, sort: { key: 'recorded', reverse: true } });
    await ui.settle();
    expect(table(ui.lines())).toEqual([
      '   NAME                      ⚠   DESCRIPTION           INTERACTIONS  RECORDED ▲',
      '›  gamma                                                          7  2d ago',
      '   beta                                                          12  2h ago',
      '   alpha                                                          3  1m ago',
    ]);
    await ui.press('s');
    expect(table(ui.lines())[0]).toBe(
      '   NAME                      ⚠   DESCRIPTION         INTERACTIONS ▼  RECORDED',
    );
  });
});
