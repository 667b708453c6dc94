import xterm from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { createLineWriter } from '../../../src/ui/screen/line-writer.js';

function sink() {
  const chunks: string[] = [];
  return { chunks, write: (c: string) => chunks.push(c) };
}

describe('line writer', () => {
  it('paints the first frame whole, after clearing the screen', () => {
    const out = sink();
    const w = createLineWriter(out);
    w.write('a\nb');
    expect(out.chunks).toHaveLength(1);
    expect(out.chunks[0]).toContain('\u001b[2J');
    expect(out.chunks[0]).toContain('\u001b[1;1Ha\u001b[0m\u001b[K');
    expect(out.chunks[0]).toContain('\u001b[2;1Hb\u001b[0m\u001b[K');
  });

  it('writes only the lines that changed', () => {
    const out = sink();
    const w = createLineWriter(out);
    w.write('one\ntwo\nthree');
    w.write('one\nTWO\nthree');
    const chunk = out.chunks[1] ?? '';
    expect(chunk).toContain('\u001b[2;1HTWO\u001b[0m\u001b[K');
    expect(chunk).not.toContain('one');
    expect(chunk).not.toContain('three');
    expect(chunk).not.toContain('\u001b[2J');
  });

  it('writes nothing when the frame is identical', () => {
    const out = sink();
    const w = createLineWriter(out);
    w.write('same\nframe');
    w.write('same\nframe');
    expect(out.chunks).toHaveLength(1);
  });

  it('erases lines the new frame no longer has', () => {
    const out = sink();
    const w = createLineWriter(out);
    w.write('a\nb\nc');
    w.write('a');
    expect(out.chunks[1]).toBe('\u001b[?2026h\u001b[2;1H\u001b[K\u001b[3;1H\u001b[K\u001b[?2026l');
  });

  it('repaints everything after invalidate (resize)', () => {
    const out = sink();
    const w = createLineWriter(out);
    w.write('a\nb');
    w.invalidate();
    w.write('a\nb');
    expect(out.chunks[1]).toContain('\u001b[2J');
    expect(out.chunks[1]).toContain('\u001b[1;1Ha');
  });

  it('counts the bytes it wrote', () => {
    const out = sink();
    const w = createLineWriter(out);
    w.write('é');
    expect(w.takeBytes()).toBe(Buffer.byteLength(out.chunks[0] ?? ''));
    expect(w.takeBytes()).toBe(0);
  });

  describe('scrolling', () => {
    const ROWS = 12;
    /** A screen like the UI's: a status line, rows `first…` of a long list, two toasts, a help line. */
    const screenOf = (first: number, selected: number, toast = 'toast'): string =>
      [
        'status',
        ...Array.from(
          { length: 7 },
          (_, i) =>
            `${first + i === selected ? '›' : ' '} row-${String(first + i).padStart(3, '0')} ${'·'.repeat(40)}`,
        ),
        `\u001b[32m✓\u001b[39m ${toast}`,
        '',
        'help line',
      ].join('\n');

    /** Feeds every chunk to a headless xterm and reads the screen back. */
    async function shown(chunks: string[]): Promise<string[]> {
      const term = new xterm.Terminal({ cols: 60, rows: ROWS, allowProposedApi: true, scrollback: 0 });
      for (const c of chunks) await new Promise<void>((r) => term.write(c, r));
      const b = term.buffer.active;
      const lines = Array.from({ length: ROWS }, (_, y) => b.getLine(y)?.translateToString(true) ?? '');
      term.dispose();
      return lines;
    }
    const plain = (frame: string): string[] => {
      const lines = frame.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
      return [...lines, ...Array.from({ length: ROWS - lines.length }, () => '')];
    };

    it('moves the rows of a list that scrolled by one instead of writing them again', async () => {
      const out = sink();
      const w = createLineWriter(out);
      w.write(screenOf(0, 6));
      w.write(screenOf(1, 7));
      const chunk = out.chunks[1] ?? '';
      expect(chunk).toContain(`\u001b[2;7r\u001b[2;1H\u001b[1M\u001b[r`);
      for (const kept of ['row-002', 'row-003', 'row-004', 'row-005']) expect(chunk).not.toContain(kept);
      expect(chunk).toContain('row-006');
      expect(chunk).toContain('row-007');
      expect(await shown(out.chunks)).toEqual(plain(screenOf(1, 7)));
    });

    it('moves them the other way when the list scrolls back', async () => {
      const out = sink();
      const w = createLineWriter(out);
      w.write(screenOf(10, 10));
      w.write(screenOf(7, 7));
      expect(out.chunks[1]).toContain(`\u001b[3;8r\u001b[3;1H\u001b[3L\u001b[r`);
      expect(await shown(out.chunks)).toEqual(plain(screenOf(7, 7)));
    });

    it('shows exactly the last frame after any sequence of scrolls, jumps and toasts', async () => {
      const out = sink();
      const w = createLineWriter(out);
      let seed = 7;
      const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
      let first = 50;
      let frame = '';
      for (let step = 0; step < 60; step++) {
        first = Math.max(0, first + [-1, 1, -3, 4, 0, -7, 7, 20][random(8)]!);
        frame = screenOf(first, first + random(7), `toast ${random(3)}`);
        w.write(frame);
      }
      expect(out.chunks.join('')).toMatch(/\u001b\[\d+;\d+r/);
      expect(await shown(out.chunks)).toEqual(plain(frame));
    });

    it('writes every line when nothing moved as a block', () => {
      const out = sink();
      const w = createLineWriter(out);
      w.write('a\nb\nc\nd');
      w.write('e\nf\ng\nh');
      expect(out.chunks[1]).not.toMatch(/\u001b\[\d+;\d+r/);
      for (const l of 'efgh') expect(out.chunks[1]).toContain(`H${l}`);
    });
  });
});
