/**
 * One terminal-UI case: the bundled CLI as `node cli.js --url …` in a node-pty
 * pseudo-terminal at 120×30, pinned to the load core, its output fed into
 * @xterm/headless. Spawn → first full frame, then a storm: UI CPU, frames/s
 * (DEC 2026 synchronized-output frames), bytes/s written to the terminal,
 * keypress → frame latency, RSS, and whether the final table equals the server's.
 */
import { join } from 'node:path';
import * as pty from 'node-pty';
import xterm from '@xterm/headless';
import { LOAD_CORE, pinnedNode } from '../lib/child.js';
import { procSample, rssSampler } from '../lib/procfs.js';
import { fmt } from '../lib/table.js';
import { median, quantile } from '../lib/stats.js';
import type { Bundle } from './bundle.js';
import type { StormServer } from './server.js';

const BEGIN_SYNC = '\u001b[?2026h';
const COLS = 120;
const ROWS = 30;

export interface TuiResult {
  firstFrameMs: number;
  cpuPct: number;
  framesPerSec: number;
  bytesPerSec: number;
  keyP50: number;
  keyP99: number;
  keys: number;
  /** Largest RSS sampled every 100 ms from just before the storm to its end. */
  rssMb: number;
  /** Peak RSS over the UI's whole life (VmHWM) at the end of the storm. */
  hwmMb: number;
  uiCount: number | null;
  serverCount: number;
  tableMatches: boolean;
  stormEvents: number;
  stormFailures: number;
  stormMs: number;
}

export interface CaseOptions {
  cassettes: number;
  rate: number;
  seconds: number;
  cpuProfDir?: string | undefined;
  log: (l: string) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A headless terminal fed by the pty, with "wait until the screen shows …". */
function headlessScreen() {
  const screen = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  let onScreen: (() => void) | undefined;
  const lines = (): string[] => {
    const b = screen.buffer.active;
    return Array.from({ length: ROWS }, (_, y) => b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
  };
  return {
    lines,
    write: (d: string): void => screen.write(d, () => onScreen?.()),
    waitFor: (pred: () => boolean, ms: number): Promise<boolean> =>
      new Promise((resolve) => {
        if (pred()) return resolve(true);
        const timer = setTimeout(() => ((onScreen = undefined), resolve(false)), ms);
        onScreen = () => {
          if (!pred()) return;
          clearTimeout(timer);
          onScreen = undefined;
          resolve(true);
        };
      }),
    dispose: (): void => screen.dispose(),
  };
}

export async function runTuiCase(bundle: Bundle, server: StormServer, o: CaseOptions): Promise<TuiResult> {
  const screen = headlessScreen();
  const nodeArgs = [
    ...(o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(o.cpuProfDir, `tui-${bundle.side}`)}`] : []),
    bundle.cli,
    '--url',
    server.url,
  ];
  const [file, args] = pinnedNode(LOAD_CORE, nodeArgs);
  let bytes = 0;
  let frames = 0;
  const t0 = performance.now();
  const term = pty.spawn(file, args, {
    name: 'xterm-256color',
    cols: COLS,
    rows: ROWS,
    cwd: join(bundle.cli, '..'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      TERM: 'xterm-256color',
      MAGNETO_URL: '',
      MAGNETO_TOKEN: '',
    } as Record<string, string>,
  });
  try {
    term.onData((d) => {
      bytes += Buffer.byteLength(d);
      frames += d.split(BEGIN_SYNC).length - 1;
      screen.write(d);
    });
    const countOnScreen = (): number | null => {
      const m = /([\d,]+) cassettes/.exec(screen.lines().join('\n'));
      return m ? Number((m[1] ?? '').replace(/,/g, '')) : null;
    };
    const full = (): boolean =>
      countOnScreen() === o.cassettes && screen.lines().filter((l) => /cassette-\d{6}/.test(l)).length >= 20;
    const gotFrame = await screen.waitFor(full, 15_000);
    const firstFrameMs = performance.now() - t0;
    if (!gotFrame) throw new Error(`no full frame within 15 s; screen:\n${screen.lines().join('\n')}`);
    o.log(`  ${bundle.side} TUI: first full frame after ${fmt(firstFrameMs, 0)} ms`);
    await sleep(1000);

    const selected = (): string | undefined =>
      screen
        .lines()
        .find((l) => l.startsWith('›'))
        ?.match(/(cassette|storm)-\d{6}/)?.[0];
    const before = procSample(term.pid);
    const bytes0 = bytes;
    const frames0 = frames;
    const rss = rssSampler(term.pid);
    const tStorm = performance.now();
    const storm = server.storm(o.rate, o.seconds);
    let stormDone = false;
    void storm.finally(() => (stormDone = true)).catch(() => {});
    const keyLat: number[] = [];
    while (!stormDone) {
      const was = selected();
      const tk = performance.now();
      term.write('j');
      if (await screen.waitFor(() => selected() !== was, 1000)) keyLat.push(performance.now() - tk);
      else keyLat.push(Number.POSITIVE_INFINITY);
      await sleep(150);
    }
    const st = await storm;
    const stormMs = performance.now() - tStorm;
    const after = procSample(term.pid);
    const rssMb = rss.stop();
    const secs = stormMs / 1000;
    // Quiet: let the last frames and flashes settle, then compare with the server.
    await sleep(3000);
    const list = await server.list();
    const visible = screen.lines().flatMap((l) => l.match(/(cassette|storm)-\d{6}/g) ?? []);
    const uiCount = countOnScreen();
    const result: TuiResult = {
      firstFrameMs,
      cpuPct: (100 * (after.cpuMs - before.cpuMs)) / stormMs,
      framesPerSec: (frames - frames0) / secs,
      bytesPerSec: (bytes - bytes0) / secs,
      keyP50: median(keyLat),
      keyP99: quantile(keyLat, 0.99),
      keys: keyLat.length,
      rssMb,
      hwmMb: after.hwmMb,
      uiCount,
      serverCount: list.total,
      tableMatches: uiCount === list.total && visible.length > 0 && visible.every((n) => list.names.has(n)),
      stormEvents: st.events,
      stormFailures: st.failures,
      stormMs,
    };
    o.log(`  ${bundle.side} TUI storm: ${JSON.stringify(result)}`);
    return result;
  } finally {
    const exited = new Promise<void>((r) => term.onExit(() => r()));
    term.write('q');
    await Promise.race([exited, sleep(3000)]);
    try {
      term.kill();
    } catch {
      // already gone
    }
    screen.dispose();
  }
}
