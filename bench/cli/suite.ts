/**
 * The command line's start-up and the package's size, for the working tree and (with
 * --baseline) another commit, in the same run:
 *  - `node cli.js --version` and `--help` → exit, pinned to the load core, medians of
 *    `runs`, the two bundles alternating run by run so that drift hits both alike;
 *  - `npm pack`: tarball, unpacked size and file count.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { LOAD_CORE, pinnedNode } from '../lib/child.js';
import { median } from '../lib/stats.js';
import { fmt, table, type Cell } from '../lib/table.js';
import { buildCurrent, buildRef, type Bundle } from '../tui/bundle.js';
import { packageSize, type PackageSize } from './package-size.js';

export interface CliBenchOptions {
  /** Runs per command and bundle. */
  runs: number;
  baseline?: string | undefined;
  log: (line: string) => void;
}

interface Side {
  label: string;
  version: number[];
  help: number[];
  size: PackageSize;
}

export interface CliBenchResult {
  runs: number;
  /** 1-minute load average around the timings: other work on the machine is the main source of noise. */
  loadAverage: { before: number; after: number };
  sides: Array<Omit<Side, 'version' | 'help'> & { versionMs: number; helpMs: number }>;
}

function timeOnce(bundle: Bundle, arg: string): number {
  const [file, args] = pinnedNode(LOAD_CORE, [bundle.cli, arg]);
  const t0 = performance.now();
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: 10_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${bundle.cli} ${arg} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return ms;
}

const MB = (bytes: number): string => `${fmt(bytes / 1e6, 2)} MB`;

export async function runCliBench(o: CliBenchOptions): Promise<{ text: string; result: CliBenchResult }> {
  o.log('cli: building the bundles…');
  const bundles = [...(o.baseline !== undefined ? [await buildRef(o.baseline)] : []), await buildCurrent()];
  const sides: Side[] = bundles.map((b) => ({
    label: `${b.side} ${b.label}`,
    version: [],
    help: [],
    size: { tarball: 0, unpacked: 0, files: 0 },
  }));
  for (const b of bundles) for (const arg of ['--version', '--help']) timeOnce(b, arg); // warm the page cache
  o.log(`cli: --version and --help, ${o.runs} runs each, alternating…`);
  const loadBefore = loadavg()[0] ?? 0;
  for (let i = 0; i < o.runs; i++) {
    const order = i % 2 === 0 ? bundles.map((_, k) => k) : bundles.map((_, k) => bundles.length - 1 - k);
    for (const k of order) {
      const b = bundles[k] as Bundle;
      const side = sides[k] as Side;
      side.version.push(timeOnce(b, '--version'));
      side.help.push(timeOnce(b, '--help'));
    }
  }
  const loadAverage = { before: loadBefore, after: loadavg()[0] ?? 0 };
  o.log('cli: npm pack sizes…');
  if (o.baseline !== undefined) (sides[0] as Side).size = await packageSize(o.baseline);
  (sides.at(-1) as Side).size = await packageSize(undefined);

  const headers = ['', ...sides.map((s) => s.label), ...(sides.length === 2 ? ['current ÷ baseline'] : [])];
  const ratio = (f: (s: Side) => number): Cell[] =>
    sides.length === 2 ? [fmt(f(sides[1] as Side) / f(sides[0] as Side), 2)] : [];
  const vMed = (s: Side): number => median(s.version);
  const hMed = (s: Side): number => median(s.help);
  const rows: Cell[][] = [
    [`--version, median of ${o.runs} (ms)`, ...sides.map((s) => fmt(vMed(s))), ...ratio(vMed)],
    [`--help, median of ${o.runs} (ms)`, ...sides.map((s) => fmt(hMed(s))), ...ratio(hMed)],
    ['npm pack: tarball', ...sides.map((s) => MB(s.size.tarball)), ...ratio((s) => s.size.tarball)],
    ['npm pack: unpacked', ...sides.map((s) => MB(s.size.unpacked)), ...ratio((s) => s.size.unpacked)],
    ['npm pack: files', ...sides.map((s) => s.size.files), ...ratio((s) => s.size.files)],
  ];
  return {
    text:
      table('Command line: start-up and package size', headers, rows) +
      `\n1-minute load average during the timings: ${fmt(loadAverage.before, 2)} → ${fmt(loadAverage.after, 2)}\n`,
    result: {
      runs: o.runs,
      loadAverage,
      sides: sides.map(({ version, help, ...s }) => ({
        ...s,
        versionMs: median(version),
        helpMs: median(help),
      })),
    },
  };
}
