/**
 * Terminal UI: the bundled CLI in a pseudo-terminal at 120×30,
 * attached to a magneto-watch server holding 10 000 cassettes. Measures spawn →
 * first full frame, then an event storm (1 000 events/s for 10 s through the
 * store): UI CPU, frames/s (DEC 2026 synchronized-output frames), bytes/s
 * written to the terminal, keypress → frame latency, RSS, and whether the
 * final table equals the server's.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pty from 'node-pty';
import xterm from '@xterm/headless';
import { startChild, SERVER_CORE, LOAD_CORE, PINNED } from '../lib/child.js';
import { send } from '../lib/http.js';
import { fmt, table } from '../lib/table.js';
import { median, quantile } from '../lib/stats.js';
import { tempDir } from '../lib/tmp.js';
import type { StartResult } from '../servers/magneto.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BEGIN_SYNC = '\u001b[?2026h';

export interface TuiResult {
  firstFrameMs: number;
  cpuPct: number;
  framesPerSec: number;
  bytesPerSec: number;
  keyP50: number;
  keyP99: number;
  keys: number;
  rssMb: number;
  uiCount: number | null;
  serverCount: number;
  tableMatches: boolean;
  stormEvents: number;
  stormMs: number;
}

async function smallCassettes(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - i) }, (_, k) => {
        const n = i + k;
        const name = `cassette-${String(n).padStart(6, '0')}`;
        const interactions = Array.from({ length: n % 7 }, () => ({
          type: 'Http',
          request: { method: 'GET', url: 'https://x/y', headers: {}, body: null },
          response: { status: 200, headers: {}, body: [111, 107] },
          recorded_at: '2025-10-26T10:00:00Z',
        }));
        return writeFile(
          join(dir, `${name}.json`),
          JSON.stringify(
            {
              version: '1.0',
              name,
              recorded_at: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
              description: n % 3 ? null : `flow ${n}`,
              interactions,
            },
            null,
            2,
          ),
        );
      }),
    );
  }
}

/** Ticks (utime + stime) and RSS of a process, from /proc. */
function procSample(pid: number): { cpuMs: number; rssMb: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuMs: (Number(f[11]) + Number(f[12])) * 10, rssMb: rssKb / 1024 };
  } catch {
    return { cpuMs: Number.NaN, rssMb: Number.NaN };
  }
}

export async function runTuiBench(o: {
  cassettes: number;
  rate: number;
  seconds: number;
  cpuProfDir?: string | undefined;
  log: (l: string) => void;
}): Promise<{ result: TuiResult | undefined; text: string }> {
  const out = await tempDir('tui');
  const bundle = join(out, 'cli.js');
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: ROOT,
    env: { ...process.env, MW_OUTDIR: out },
    encoding: 'utf8',
  });
  if (built.status !== 0) {
    return {
      result: undefined,
      text: `\n### Terminal UI\n\nNot run: bundling src/cli.ts failed:\n\n\`\`\`\n${built.stderr.slice(0, 2000)}\n\`\`\`\n`,
    };
  }
  const dir = join(out, 'cassettes');
  await smallCassettes(dir, o.cassettes);
  const server = startChild('servers/magneto.ts', { core: SERVER_CORE, name: 'tui-server' });
  let term: pty.IPty | undefined;
  try {
    const s = await server.request<StartResult>('start', { options: { dir } }, 300_000);
    const screen = new xterm.Terminal({ cols: 120, rows: 30, allowProposedApi: true });
    const lines = (): string[] => {
      const b = screen.buffer.active;
      return Array.from({ length: 30 }, (_, y) => b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
    };
    const nodeArgs = [
      ...(o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(o.cpuProfDir, 'tui')}`] : []),
      bundle,
      '--url',
      s.url,
    ];
    const [file, args] = PINNED
      ? ['taskset', ['-c', String(LOAD_CORE), process.execPath, ...nodeArgs]]
      : [process.execPath, nodeArgs];
    let bytes = 0;
    let frames = 0;
    let onScreen: (() => void) | undefined;
    const t0 = performance.now();
    term = pty.spawn(file, args, {
      name: 'xterm-256color',
      cols: 120,
      rows: 30,
      cwd: out,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        TERM: 'xterm-256color',
        MAGNETO_URL: '',
        MAGNETO_TOKEN: '',
      } as Record<string, string>,
    });
    const t = term;
    t.onData((d) => {
      bytes += Buffer.byteLength(d);
      frames += d.split(BEGIN_SYNC).length - 1;
      screen.write(d, () => onScreen?.());
    });
    const waitFor = (pred: () => boolean, ms: number): Promise<boolean> =>
      new Promise((resolve) => {
        if (pred()) return resolve(true);
        const timer = setTimeout(() => ((onScreen = undefined), resolve(false)), ms);
        onScreen = () => {
          if (!pred()) return;
          clearTimeout(timer);
          onScreen = undefined;
          resolve(true);
        };
      });
    const countOnScreen = (): number | null => {
      const m = /([\d,]+) cassettes/.exec(lines().join('\n'));
      return m ? Number((m[1] ?? '').replace(/,/g, '')) : null;
    };
    const full = (): boolean =>
      countOnScreen() === o.cassettes && lines().filter((l) => /cassette-\d{6}/.test(l)).length >= 20;
    const gotFrame = await waitFor(full, 15_000);
    const firstFrameMs = performance.now() - t0;
    if (!gotFrame) throw new Error(`no full frame within 15 s; screen:\n${lines().join('\n')}`);
    o.log(`  first full frame after ${fmt(firstFrameMs, 0)} ms`);
    await new Promise((r) => setTimeout(r, 1000));

    const selected = (): string | undefined =>
      lines()
        .find((l) => l.startsWith('›'))
        ?.match(/(cassette|storm)-\d{6}/)?.[0];
    const pid = t.pid;
    const before = procSample(pid);
    const bytes0 = bytes;
    const frames0 = frames;
    let maxRss = before.rssMb;
    const tStorm = performance.now();
    const count = Math.round(o.rate * o.seconds);
    const storm = server.request<{ ms: number; failures: number; seq: number }>(
      'storm',
      { rate: o.rate, count, prefix: 'storm' },
      (o.seconds + 60) * 1000,
    );
    let stormDone = false;
    void storm.finally(() => (stormDone = true));
    const keyLat: number[] = [];
    while (!stormDone) {
      const was = selected();
      const tk = performance.now();
      t.write('j');
      if (await waitFor(() => selected() !== was, 1000)) keyLat.push(performance.now() - tk);
      else keyLat.push(Number.POSITIVE_INFINITY);
      maxRss = Math.max(maxRss, procSample(pid).rssMb);
      await new Promise((r) => setTimeout(r, 150));
    }
    const st = await storm;
    const stormMs = performance.now() - tStorm;
    const after = procSample(pid);
    maxRss = Math.max(maxRss, after.rssMb);
    const secs = stormMs / 1000;
    // Quiet: let the last frames and flashes settle, then compare with the server.
    await new Promise((r) => setTimeout(r, 3000));
    const list = JSON.parse((await send(`${s.url}/api/cassettes`, 'GET')).body) as {
      'hydra:totalItems': number;
      'hydra:member': { name: string; interactions_count: number | null }[];
    };
    const byName = new Map(list['hydra:member'].map((m) => [m.name, m]));
    const visible = lines().flatMap((l) => l.match(/(cassette|storm)-\d{6}/g) ?? []);
    const uiCount = countOnScreen();
    const tableMatches =
      uiCount === list['hydra:totalItems'] && visible.length > 0 && visible.every((n) => byName.has(n));
    const result: TuiResult = {
      firstFrameMs,
      cpuPct: (100 * (after.cpuMs - before.cpuMs)) / stormMs,
      framesPerSec: (frames - frames0) / secs,
      bytesPerSec: (bytes - bytes0) / secs,
      keyP50: median(keyLat),
      keyP99: quantile(keyLat, 0.99),
      keys: keyLat.length,
      rssMb: maxRss,
      uiCount,
      serverCount: list['hydra:totalItems'],
      tableMatches,
      stormEvents: st.seq - s.seq,
      stormMs,
    };
    o.log(`  storm: ${JSON.stringify(result)}`);
    const ok = (v: boolean): string => (v ? 'met' : 'MISSED');
    return {
      result,
      text: table(
        `Terminal UI: bundled CLI in a 120×30 pty, ${o.cassettes.toLocaleString('en-US')} cassettes, storm of ${o.rate} events/s for ${o.seconds} s (${st.failures} store calls failed)`,
        ['measure', 'value', 'target', ''],
        [
          ['spawn → first full frame', `${fmt(firstFrameMs, 0)} ms`, '≤ 500 ms', ok(firstFrameMs <= 500)],
          ['UI CPU during storm', `${fmt(result.cpuPct, 1)} % of a core`, '≤ 25 %', ok(result.cpuPct <= 25)],
          [
            'frames/s',
            fmt(result.framesPerSec, 1),
            '15–30',
            ok(result.framesPerSec >= 15 && result.framesPerSec <= 30),
          ],
          [
            'bytes to terminal',
            `${fmt(result.bytesPerSec / 1000, 1)} KB/s`,
            '≤ 20 KB/s',
            ok(result.bytesPerSec <= 20_000),
          ],
          [
            `keypress → frame (${keyLat.length} keys) p50 / p99`,
            `${fmt(result.keyP50, 1)} / ${fmt(result.keyP99, 1)} ms`,
            'p99 ≤ 50 ms',
            ok(result.keyP99 <= 50),
          ],
          ['RSS (max)', `${fmt(maxRss, 0)} MB`, '≤ 130 MB', ok(maxRss <= 130)],
          [
            'final table = server',
            `${uiCount ?? '?'} vs ${list['hydra:totalItems']} rows, ${visible.length} visible names known`,
            'equal',
            ok(tableMatches),
          ],
        ],
      ),
    };
  } finally {
    if (term) {
      const exited = new Promise<void>((r) => term?.onExit(() => r()));
      term.write('q');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      try {
        term.kill();
      } catch {
        // already gone
      }
    }
    await server.stop();
  }
}
