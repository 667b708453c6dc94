/**
 * Habits of the terminal tools our users like (issue "Fits the hand"), proven on the real
 * bin in a pseudo-terminal, its output laid out by a headless xterm: what a user sees.
 * Needs `npm run build` (dist/cli.js).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { columnOf, Keys, spawnWatch } from '../helpers/pty.js';
import { cassetteJson, makeSandbox } from '../helpers/sandbox.js';
import { rowNamed, statusLine } from '../helpers/screen-rows.js';
import { startServe } from '../helpers/serve-process.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';

const LIVE = (lines: string[]): boolean => statusLine(lines).includes('● Live');
const MIXED = 'Deploy 🚀 done ✅ 👍🏽 👨‍👩‍👧 नमस्ते 日本語';

/** A served sandbox holding `files` (name → extra top-level keys), removed after the test. */
async function served(files: Record<string, Record<string, unknown>>) {
  const box = await makeSandbox({ victim: false });
  onTestFinished(() => box.remove());
  for (const [name, extra] of Object.entries(files))
    await writeFile(join(box.dir, `${name}.json`), cassetteJson(name, extra));
  const serve = await startServe({ dir: box.dir });
  return { box, serve };
}

describe('terminal habits', () => {
  it(
    'keeps the columns in line when a row holds emoji sequences, Devanagari and CJK (80×24)',
    { timeout: 60_000 },
    async () => {
      const { serve } = await served({
        plain: { description: 'plain text' },
        deploy: { description: MIXED },
        '🚀-launch': { description: 'café crème' },
        '日本語-api': { description: '東京のテスト' },
      });
      const t = await spawnWatch({ args: ['--url', serve.url], cols: 80, rows: 24 });
      await t.waitFor(
        (l) => LIVE(l) && rowNamed(l, 'plain') !== undefined && l.some((x) => x.includes('東京')),
      );
      const lines = t.screenText();
      const rowOf = (text: string): number => lines.findIndex((l) => l.includes(text));
      const header = t.cells(rowOf('RECORDED'));
      const recorded = columnOf(header, 'RECORDED');
      const countEnd = columnOf(header, 'INTERACTIONS') + 'INTERACTIONS'.length - 1;
      expect(recorded).toBeGreaterThan(0);
      for (const text of ['plain text', 'Deploy', 'launch', '東京']) {
        const cells = t.cells(rowOf(text));
        // The count ends under the end of its heading, the age starts under RECORDED.
        expect(cells[countEnd], `${text}\n${t.dump()}`).toBe('0');
        expect(cells[recorded - 1], `${text}\n${t.dump()}`).toBe(' ');
        expect(cells[recorded], `${text}\n${t.dump()}`).toMatch(/\d/);
      }
      t.press('q');
      await t.waitExit();
    },
  );

  it('keeps ? help and q quit on the key bar at 80 and 60 columns', { timeout: 60_000 }, async () => {
    const { serve } = await served({ plain: { description: 'plain text' } });
    const t = await spawnWatch({ args: ['--url', serve.url], cols: 80, rows: 24 });
    await t.waitFor((l) => LIVE(l) && rowNamed(l, 'plain') !== undefined);
    expect(t.screenText()[22]?.trimEnd()).toBe(
      ' n new  e edit  d delete  / filter  enter details  L log  ? help  q quit',
    );
    t.resize(60, 20);
    await t.waitFor((l) => l[18]?.trimEnd() === ' n new  e edit  / filter  enter details  ? help  q quit');
    t.press('q');
    await t.waitExit();
  });

  it(
    'goes back from the details and the help on q, quits from the table on q and from anywhere on Ctrl-C',
    {
      timeout: 60_000,
    },
    async () => {
      const { serve } = await served({ plain: { description: 'plain text' } });
      const t = await spawnWatch({ args: ['--url', serve.url], cols: 80, rows: 24 });
      await t.waitFor((l) => LIVE(l) && rowNamed(l, 'plain') !== undefined);
      const table = t.screenText();
      t.press(Keys.enter);
      await t.waitFor(/no interactions/);
      t.press('q');
      await t.waitFor((l) => rowNamed(l, 'plain') !== undefined);
      t.press('?');
      await t.waitFor(/ Keys/);
      t.press('q');
      await t.waitFor((l) => l.join('\n') === table.join('\n'));
      expect(t.hasExited).toBe(false);
      t.press(Keys.enter);
      await t.waitFor(/no interactions/);
      t.press(Keys.ctrlC);
      expect((await t.waitExit()).exitCode).toBe(0);
    },
  );

  it(
    'against upstream magneto-serge (no create, no edit) offers neither n nor e, and says why once',
    {
      timeout: 60_000,
    },
    async () => {
      const upstream = await startFakeUpstream({
        cassettes: [{ name: 'from-rust', recordedAt: '2025-10-01T12:00:00Z', interactionCount: 4 }],
      });
      onTestFinished(() => upstream.close());
      const t = await spawnWatch({ args: ['--url', upstream.url], cols: 100, rows: 24 });
      await t.waitFor((l) => /Polling/.test(statusLine(l)) && rowNamed(l, 'from-rust') !== undefined);
      expect(t.screenText()[22]?.trimEnd()).toBe(
        ' d delete  / filter  s sort  p pause  r re-list  enter details  L log  ? help  q quit',
      );
      t.press('n');
      t.press('n');
      t.press('e');
      await t.waitFor(/this server cannot edit cassettes/);
      expect(t.screenText().filter((l) => l.includes('✕'))).toEqual([
        ' ✕ this server cannot create cassettes',
        ' ✕ this server cannot edit cassettes',
      ]);
      t.press('q');
      await t.waitExit();
    },
  );

  it('repaints the whole screen on Ctrl-L after line noise garbled it', { timeout: 60_000 }, async () => {
    const { serve } = await served({ plain: { description: 'plain text' }, other: { description: 'more' } });
    const t = await spawnWatch({ args: ['--url', serve.url], cols: 80, rows: 24 });
    await t.waitFor((l) => LIVE(l) && rowNamed(l, 'other') !== undefined);
    const clean = t.screenText();
    await t.garble('\u001b[5;10H#### noise ####\u001b[1;1HXXXX\u001b[2J\u001b[12;30Hgarbage');
    expect(t.screenText()).not.toEqual(clean);
    t.press('\u000c');
    await t.waitFor((l) => l.join('\n') === clean.join('\n'));
    t.press('q');
    await t.waitExit();
  });

  it(
    'shows the event log on L: the first list, connection changes and changes with their times',
    {
      timeout: 60_000,
    },
    async () => {
      const { box, serve } = await served({ plain: { description: 'plain text' } });
      const t = await spawnWatch({ args: ['--url', serve.url], cols: 100, rows: 24 });
      await t.waitFor((l) => LIVE(l) && rowNamed(l, 'plain') !== undefined);
      await writeFile(join(box.dir, 'recorded-now.json'), cassetteJson('recorded-now'));
      await t.waitFor((l) => rowNamed(l, 'recorded-now') !== undefined);
      t.press('L');
      await t.waitFor(/Event log/);
      const log = t
        .screenText()
        .slice(1, 8)
        .map((l) => l.trimEnd().replace(/\d\d:\d\d:\d\d/, 'HH:MM:SS'));
      expect(log).toEqual([
        ' Event log · 3 entries',
        ' HH:MM:SS  · listed 1 cassette',
        ' HH:MM:SS  ● Live',
        ' HH:MM:SS  + created   recorded-now',
        '',
        '',
        '',
      ]);
      t.press('q');
      await t.waitFor((l) => rowNamed(l, 'plain') !== undefined);
      t.press('q');
      await t.waitExit();
    },
  );
});
