/** Where frames go: the real terminal (only `write` is used). */
export interface TextSink {
  write(chunk: string): unknown;
}

export interface LineWriter {
  /** Writes the lines of `frame` that differ from the previous frame; nothing when identical. */
  write(frame: string): void;
  /** Forgets what is on screen: the next frame clears and repaints everything (resize). */
  invalidate(): void;
  /** Bytes written since the last call. */
  takeBytes(): number;
}

// Synchronized output (DEC 2026): terminals that know it show the frame at once, others ignore it.
const BEGIN_SYNC = '\u001b[?2026h';
const END_SYNC = '\u001b[?2026l';

/**
 * The output stage: keeps the last frame's lines and writes only changed ones, each as
 * cursor-position + line + erase-to-end-of-line, in one write. Lines that the new frame
 * no longer has are erased.
 */
export function createLineWriter(out: TextSink): LineWriter {
  let previous: string[] | undefined;
  let bytes = 0;
  return {
    write(frame) {
      const lines = frame.split('\n');
      let chunk = previous === undefined ? '\u001b[H\u001b[2J' : '';
      const old = previous ?? [];
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
        if (old[i] !== line || previous === undefined) chunk += `\u001b[${i + 1};1H${line}\u001b[0m\u001b[K`;
      }
      for (let i = lines.length; i < old.length; i++) chunk += `\u001b[${i + 1};1H\u001b[K`;
      previous = lines;
      if (chunk === '') return;
      const data = BEGIN_SYNC + chunk + END_SYNC;
      bytes += Buffer.byteLength(data);
      out.write(data);
    },
    invalidate() {
      previous = undefined;
    },
    takeBytes() {
      const b = bytes;
      bytes = 0;
      return b;
    },
  };
}
