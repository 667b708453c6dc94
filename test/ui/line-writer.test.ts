import { describe, expect, it } from 'vitest';
import { createLineWriter } from '../../src/ui/screen/line-writer.js';

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
});
