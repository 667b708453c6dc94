/**
 * Micro-benchmark of one terminal-UI frame (not a vitest test): runs the real `runTui`
 * at 120×30 on 10 000 cassettes with a fake terminal and an in-process engine, triggers
 * one frame at a time and reports the median process CPU (user + system) and bytes
 * written per frame; then an in-process storm (1 000 events/s) for CPU %, frames/s and
 * bytes/s without the network. The machine is shared and noisy: compare medians of
 * runs made back to back.
 *
 *   node --import tsx bench/ui-frame-cost.ts [--src DIR] [--frames 120] [--storm-seconds 5]
 *
 * `--src` points at another checkout's `src` (e.g. `git archive HEAD src | tar -x -C /tmp/x`
 * with /tmp/x/node_modules linked to this repo's) to measure the code before a change.
 */
import { EventEmitter } from 'node:events';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { applyEvent } from '../src/client/stream.js';
import type { SyncEngine, SyncUpdate } from '../src/client/types.js';
import type { CassetteEvent, CassetteSummary } from '../src/protocol/index.js';
import type { runTui as RunTui } from '../src/ui/run-tui.js';
import { median, quantile } from './lib/stats.js';
import { fmt, table } from './lib/table.js';
import { FakeStdin } from '../test/helpers/fake-stdin.js';

// React's development build is several times slower; the bundled bin is built for production.
process.env.NODE_ENV = 'production';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const SRC = resolve(flag('src', fileURLToPath(new URL('../src', import.meta.url))));
const FRAMES = Number(flag('frames', '120'));
const STORM_SECONDS = Number(flag('storm-seconds', '5'));
const DUMP = process.argv.includes('--dump');
const CASSETTES = 10_000;
const BEGIN_SYNC = '\u001b[?2026h';

const { runTui } = (await import(pathToFileURL(join(SRC, 'ui/run-tui.js')).href)) as {
  runTui: typeof RunTui;
};

function cassette(n: number, prefix = 'cassette'): CassetteSummary {
  return {
    name: `${prefix}-${String(n).padStart(6, '0')}`,
    description: n % 3 ? null : `flow ${n}`,
    recorded_at: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
    interactions_count: n % 7,
  };
}

class BenchEngine implements SyncEngine {
  status = { kind: 'live' } as const;
  info = { flavor: 'magneto-watch', canCreate: true, canUpdate: true, dir: './cassettes' } as const;
  table = new Map<string, CassetteSummary>();
  private readonly listeners = new Set<(u: SyncUpdate) => void>();
  private seq = 0;

  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      const c = cassette(i);
      this.table.set(c.name, c);
    }
  }
  start(): void {}
  async stop(): Promise<void> {}
  subscribe(l: (u: SyncUpdate) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  event(e: { type: CassetteEvent['type']; cassette?: CassetteSummary; name?: string }): void {
    const event = { ...e, seq: ++this.seq, epoch: 'bench', timestamp: '' } as CassetteEvent;
    const change = applyEvent(this.table, event);
    for (const l of this.listeners) l({ type: 'event', event, change });
  }
  async relist(): Promise<void> {}
  async list(): Promise<CassetteSummary[]> {
    return [...this.table.values()];
  }
  create(): Promise<never> {
    return Promise.reject(new Error('bench'));
  }
  update(): Promise<never> {
    return Promise.reject(new Error('bench'));
  }
  async remove(): Promise<void> {}
  details(): Promise<never> {
    return Promise.reject(new Error('bench'));
  }
  async interactions(): Promise<never[]> {
    return [];
  }
  interaction(): Promise<never> {
    return Promise.reject(new Error('bench'));
  }
}

/** The terminal: counts frames and bytes, and lets the bench wait for the next frame. */
class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  columns = 120;
  rows = 30;
  bytes = 0;
  frames = 0;
  last = '';
  private waiter: (() => void) | undefined;
  write(chunk: string): boolean {
    this.bytes += Buffer.byteLength(chunk);
    if (chunk.startsWith(BEGIN_SYNC)) {
      this.frames++;
      this.last = chunk;
      const w = this.waiter;
      this.waiter = undefined;
      w?.();
    }
    return true;
  }
  hasColors(): boolean {
    return true;
  }
  /** Resolves true on the next frame, false after `ms`. */
  nextFrame(ms = 2000): Promise<boolean> {
    return new Promise((done) => {
      const timer = setTimeout(() => ((this.waiter = undefined), done(false)), ms);
      this.waiter = () => (clearTimeout(timer), done(true));
    });
  }
}

async function start() {
  const engine = new BenchEngine(CASSETTES);
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const host = new EventEmitter();
  const first = stdout.nextFrame(10_000);
  const done = runTui(
    {
      engine,
      urlLabel: 'http://127.0.0.1:8889',
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      color: true,
    },
    host,
  );
  await first;
  return {
    engine,
    stdout,
    stdin,
    async stop() {
      host.emit('SIGTERM');
      await done;
    },
  };
}

type Ui = Awaited<ReturnType<typeof start>>;

const cpuMs = (a: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(a);
  return (d.user + d.system) / 1000;
};

/** Triggers `FRAMES` frames one at a time; CPU from the trigger to the frame being written. */
async function perFrame(
  ui: Ui,
  trigger: (i: number) => void,
): Promise<{ cpu: number[]; bytes: number[]; missed: number }> {
  const cpu: number[] = [];
  const bytes: number[] = [];
  let missed = 0;
  const warm = 10;
  for (let i = 0; i < FRAMES + warm; i++) {
    // Let the pacer's gap after the previous frame pass, so the trigger is drawn at once.
    await new Promise((r) => setTimeout(r, 120));
    const b0 = ui.stdout.bytes;
    const next = ui.stdout.nextFrame();
    const c0 = process.cpuUsage();
    trigger(i);
    const ok = await next;
    const c = cpuMs(c0);
    if (!ok) missed++;
    else if (i >= warm) {
      if (DUMP && i === warm + 1) console.error(JSON.stringify(ui.stdout.last));
      cpu.push(c);
      bytes.push(ui.stdout.bytes - b0);
    }
  }
  return { cpu, bytes, missed };
}

const stormCounter = { n: 0 };
/** One storm event in the server benchmark's mix: 60% create, 30% update, 10% delete. */
function stormEvent(ui: Ui, made: string[]): void {
  const i = stormCounter.n++;
  const kind = i % 10;
  if (kind < 6 || made.length < 5) {
    const c = { ...cassette(i, 'storm'), description: `storm ${i}` };
    made.push(c.name);
    ui.engine.event({ type: 'CassetteCreated', cassette: c });
  } else if (kind < 9) {
    const name = made[(i * 7919) % made.length] ?? '';
    const old = ui.engine.table.get(name);
    if (old) ui.engine.event({ type: 'CassetteUpdated', cassette: { ...old, description: `updated ${i}` } });
  } else {
    const name = made.splice((i * 104729) % made.length, 1)[0] ?? '';
    ui.engine.event({ type: 'CassetteDeleted', name });
  }
}

async function storm(ui: Ui): Promise<{ cpuPct: number; fps: number; bytesPerSec: number }> {
  const made: string[] = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const f0 = ui.stdout.frames;
  const b0 = ui.stdout.bytes;
  let sent = 0;
  const total = STORM_SECONDS * 1000;
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(performance.now() - t0));
      while (sent < due) {
        stormEvent(ui, made);
        sent++;
      }
      if (sent >= total) {
        clearInterval(timer);
        done();
      }
    }, 5);
  });
  const secs = (performance.now() - t0) / 1000;
  return {
    cpuPct: cpuMs(c0) / 10 / secs,
    fps: (ui.stdout.frames - f0) / secs,
    bytesPerSec: (ui.stdout.bytes - b0) / secs,
  };
}

const ui = await start();
const visible = [...ui.engine.table.keys()].slice(0, 20);
const rows: (string | number)[][] = [];
const quiet = (): Promise<unknown> => new Promise((r) => setTimeout(r, 4000)); // flashes and toasts fade
const add = (name: string, r: { cpu: number[]; bytes: number[]; missed: number }): void => {
  rows.push([name, fmt(median(r.cpu), 2), fmt(quantile(r.cpu, 0.9), 2), fmt(median(r.bytes), 0), r.missed]);
};
add(
  'one visible row updated',
  await perFrame(ui, (i) => {
    const name = visible[i % visible.length] ?? '';
    const old = ui.engine.table.get(name);
    if (old) ui.engine.event({ type: 'CassetteUpdated', cassette: { ...old, interactions_count: 1000 + i } });
  }),
);
await quiet();
add(
  '33 storm events (off screen)',
  await perFrame(ui, () => {
    for (let k = 0; k < 33; k++) stormEvent(ui, []);
  }),
);
await quiet();
add('j / k (selection moves a row)', await perFrame(ui, (i) => ui.stdin.type(i % 2 ? 'k' : 'j')));
await quiet();
add('G / g (every row changes)', await perFrame(ui, (i) => ui.stdin.type(i % 2 ? 'g' : 'G')));
await quiet();
const s = await storm(ui);
await ui.stop();

console.log(
  `Machine is shared and noisy; src = ${SRC}, NODE_ENV=production, ${CASSETTES.toLocaleString('en-US')} cassettes, 120×30, colour on.`,
);
console.log(
  table(
    `One frame, ${FRAMES} frames each (CPU from trigger to frame written)`,
    ['frame', 'CPU median ms', 'CPU p90 ms', 'bytes median', 'missed'],
    rows,
  ),
);
console.log(
  table(
    `In-process storm, 1 000 events/s for ${STORM_SECONDS} s (no network)`,
    ['measure', 'value'],
    [
      ['CPU % of a core', fmt(s.cpuPct, 1)],
      ['frames/s', fmt(s.fps, 1)],
      ['bytes/s to terminal', fmt(s.bytesPerSec, 0)],
    ],
  ),
);
