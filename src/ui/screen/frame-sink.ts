import { EventEmitter } from 'node:events';
import { LAYOUT_COLUMNS } from './line-slots.js';

/** Where the real terminal's height is read (its width is not Ink's business, see below). */
export interface SizeSource {
  rows?: number;
}

/**
 * A stand-in stdout for Ink (run with `debug: true`, so each write is one whole frame).
 * It says it is a TTY, reports the real terminal's rows but only `layoutColumns`
 * columns (Ink lays out line markers, see line-slots), and keeps the last frame: the
 * layout the session puts lines into. Other writes (Ink's cursor show/hide on unmount)
 * are dropped: the real terminal's cursor and screen belong to run-tui.
 */
export class FrameSink extends EventEmitter {
  readonly isTTY = true;
  private readonly size: SizeSource;
  private closed = false;
  /** What Ink is told. */
  readonly columns: number;
  /** Ink's last frame of markers. */
  lastFrame: string | undefined;

  /** @param layoutColumns @default LAYOUT_COLUMNS */
  constructor(size: SizeSource, layoutColumns = LAYOUT_COLUMNS) {
    super();
    this.size = size;
    this.columns = layoutColumns;
  }

  get rows(): number {
    return this.size.rows || 24;
  }

  write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (!this.closed && !/^\u001b\[\?\d+[hl]$/.test(text) && text !== '') this.lastFrame = text;
    const cb = rest.find((r): r is () => void => typeof r === 'function');
    cb?.();
    return true;
  }

  /** Stops taking frames (Ink draws a last one while unmounting). */
  close(): void {
    this.closed = true;
  }

  hasColors(): boolean {
    return true;
  }
}
