import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDemoRecorder } from '../../src/demo/recorder.js';
import { FakeClock } from '../helpers/fake-clock.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A deterministic random sequence. */
function sequence(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] as number;
}

/** A small seeded PRNG (mulberry32), so a failure is reproducible. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('demo recorder', () => {
  it('creates, grows and deletes upstream-format cassettes on disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-rec-'));
    dirs.push(dir);
    const recorder = startDemoRecorder({ dir, clock: new FakeClock(), random: seeded(42), maxOwn: 3 });
    try {
      const actions: string[] = [];
      for (let i = 0; i < 40; i++) actions.push(await recorder.tick());
      expect(actions.some((a) => a.startsWith('created '))).toBe(true);
      expect(actions.some((a) => a.startsWith('grew '))).toBe(true);
      expect(actions.some((a) => a.startsWith('deleted '))).toBe(true);
      const files = await readdir(dir);
      expect(files.length).toBeGreaterThan(0);
      expect(files.length).toBeLessThanOrEqual(3);
      for (const file of files) {
        const data = JSON.parse(await readFile(join(dir, file), 'utf8'));
        expect(data.version).toBe('1.0');
        expect(data.name).toBe(file.replace(/\.json$/, ''));
        expect(Array.isArray(data.interactions)).toBe(true);
        for (const interaction of data.interactions) {
          expect(interaction.type).toBe('Http');
          expect(interaction.recorded_at).toMatch(/Z$/);
          const body = interaction.response.body;
          expect(
            body === null || (Array.isArray(body) && body.every((b: unknown) => typeof b === 'number')),
          ).toBe(true);
        }
      }
    } finally {
      recorder.stop();
    }
  });

  it('forgets a cassette deleted behind its back instead of failing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-rec-'));
    dirs.push(dir);
    const recorder = startDemoRecorder({ dir, clock: new FakeClock(), random: sequence([0.1, 0.5]) });
    try {
      const created = await recorder.tick();
      const name = created.replace('created ', '');
      await rm(join(dir, `${name}.json`));
      expect(await recorder.tick()).toBe(`lost ${name}`);
      expect(await recorder.tick()).toMatch(/^created /);
    } finally {
      recorder.stop();
    }
  });

  it('acts every intervalMs of its clock, on an unref’d timer, until stopped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-rec-'));
    dirs.push(dir);
    const clock = new FakeClock(Date.parse('2025-10-27T10:00:00Z'));
    const recorder = startDemoRecorder({ dir, clock, intervalMs: 2500, random: sequence([0.1, 0.5]) });
    try {
      expect(clock.pending({ unref: true })).toEqual([2500]);
      clock.advance(2499);
      expect(clock.pending()).toEqual([1]);
      clock.advance(1);
      // The next action is scheduled once this one has written its file.
      await vi.waitFor(() => expect(clock.pending({ unref: true })).toEqual([2500]), { timeout: 3000 });
      const [file] = await readdir(dir);
      const data = JSON.parse(await readFile(join(dir, file ?? ''), 'utf8'));
      expect(data.interactions[0].recorded_at).toBe('2025-10-27T10:00:02.500Z');
    } finally {
      recorder.stop();
    }
    expect(clock.pending()).toEqual([]);
  });
});
