import { EventEmitter } from 'node:events';

/**
 * A TTY stdin for Ink without a terminal: `type(s)` delivers input the way Ink reads it
 * ('readable' then `read()`), and `raw` records every setRawMode call.
 */
export class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  readonly raw: boolean[] = [];
  private data: string | null = null;
  type(s: string): void {
    this.data = s;
    this.emit('readable');
  }
  read(): string | null {
    const d = this.data;
    this.data = null;
    return d;
  }
  setRawMode(on: boolean): this {
    this.raw.push(on);
    return this;
  }
  setEncoding(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}
