import { unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, TimerHandle } from '../../protocol/clock.js';

/** `seen`: the watcher reported the probe file; `silent`: not within the bound; `unwritable`: no probe could be made. */
export type ProbeResult = { kind: 'seen' } | { kind: 'silent' } | { kind: 'unwritable'; error: unknown };

export interface Probe {
  /** The probe file's name in the directory. */
  readonly name: string;
  /** The watcher reported an event for {@link name}. */
  seen(): void;
  /** Stops waiting without a result (the watcher is closing) and removes the file. */
  cancel(): void;
}

export interface ProbeOptions {
  dir: string;
  /** How long to wait for the event after starting. */
  timeoutMs: number;
  clock: Clock;
  /** Called once, after the probe file is removed. */
  onResult: (result: ProbeResult) => void;
}

let probes = 0;

/**
 * The watcher's self-test (protocol.md §1.4): creates an empty hidden file
 * `.magneto-watch-probe-<pid>-<n>` in the directory (dot-prefixed, so the store never lists
 * it), waits for its event, and removes it before reporting. The timeout takes two timer
 * turns: Node runs due timers before it reads pending file events, so an event that is
 * already queued when a busy event loop gets back to the timer is still counted as seen.
 */
export function startProbe(o: ProbeOptions): Probe {
  const name = `.magneto-watch-probe-${process.pid}-${++probes}`;
  const path = join(o.dir, name);
  let done = false;
  let timer: TimerHandle | undefined;
  const finish = (result: ProbeResult | undefined): void => {
    if (done) return;
    done = true;
    if (timer !== undefined) o.clock.clearTimeout(timer);
    void written
      .then((ok) => (ok ? unlink(path).catch(() => undefined) : undefined))
      .then(() => {
        if (result) o.onResult(result);
      });
  };
  const written: Promise<boolean> = writeFile(path, '', { flag: 'wx', mode: 0o600 }).then(
    () => true,
    (error: unknown) => {
      finish({ kind: 'unwritable', error });
      return false;
    },
  );
  timer = o.clock.setTimeout(() => {
    timer = o.clock.setTimeout(() => finish({ kind: 'silent' }), 0);
  }, o.timeoutMs);
  return {
    name,
    seen: () => finish({ kind: 'seen' }),
    cancel: () => finish(undefined),
  };
}
