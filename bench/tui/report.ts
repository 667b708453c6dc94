/**
 * Tables of the terminal-UI suite: one side-by-side table of medians
 * (baseline | current | current ÷ baseline), the in-run ratios that make
 * figures from different machines comparable, and every repetition so the
 * noise is visible.
 */
import { fmt, table, type Cell } from '../lib/table.js';
import { median } from '../lib/stats.js';
import type { Bundle } from './bundle.js';
import type { JsonResult } from './json-case.js';
import type { TuiResult } from './tui-case.js';
import type { VersionResult } from './version.js';

/** One bundle's measurements in one repetition; a case that threw leaves its field undefined. */
export interface SideRun {
  rep: number;
  /** 0 = this bundle ran first in the repetition. */
  position: number;
  version?: VersionResult;
  tui?: TuiResult;
  json?: JsonResult;
  errors: string[];
}

export interface SideResults {
  bundle: Bundle;
  runs: SideRun[];
}

interface Metric {
  key: string;
  label: string;
  get: (r: SideRun) => number | undefined;
  digits: number;
  /** A target the median should meet. */
  target?: (v: number) => boolean;
}

/** In-run ratios: both terms come from the same repetition, minutes apart at most. */
const cpuRatio = (r: SideRun): number | undefined =>
  r.tui && r.json ? r.tui.cpuPct / r.json.cpuPct : undefined;
const frameRatio = (r: SideRun): number | undefined =>
  r.tui && r.version ? r.tui.firstFrameMs / r.version.ms : undefined;

export const METRICS: Metric[] = [
  { key: 'versionMs', label: '`--version` → exit, ms (median of 10)', get: (r) => r.version?.ms, digits: 1 },
  {
    key: 'tuiFirstFrameMs',
    label: 'TUI: spawn → first full frame, ms',
    get: (r) => r.tui?.firstFrameMs,
    digits: 0,
  },
  { key: 'tuiCpuPct', label: 'TUI: CPU during storm, % of a core', get: (r) => r.tui?.cpuPct, digits: 1 },
  {
    key: 'tuiFramesPerSec',
    label: 'TUI: frames/s (target 15–30)',
    get: (r) => r.tui?.framesPerSec,
    digits: 1,
    target: (v) => v >= 15 && v <= 30,
  },
  {
    key: 'tuiKBps',
    label: 'TUI: bytes to terminal, KB/s',
    get: (r) => r.tui && r.tui.bytesPerSec / 1000,
    digits: 1,
  },
  { key: 'tuiKeyP50', label: 'TUI: keypress → frame p50, ms', get: (r) => r.tui?.keyP50, digits: 1 },
  { key: 'tuiKeyP99', label: 'TUI: keypress → frame p99, ms', get: (r) => r.tui?.keyP99, digits: 1 },
  {
    key: 'tuiRssMb',
    label: 'TUI: RSS max during storm, MB (target ≤ 110)',
    get: (r) => r.tui?.rssMb,
    digits: 0,
    target: (v) => v <= 110,
  },
  { key: 'tuiHwmMb', label: 'TUI: peak RSS over its life (VmHWM), MB', get: (r) => r.tui?.hwmMb, digits: 0 },
  {
    key: 'jsonFirstSnapshotMs',
    label: '--json: spawn → first Snapshot line, ms',
    get: (r) => r.json?.firstSnapshotMs,
    digits: 0,
  },
  {
    key: 'jsonCpuPct',
    label: '--json: CPU during storm, % of a core',
    get: (r) => r.json?.cpuPct,
    digits: 1,
  },
  { key: 'jsonRssMb', label: '--json: RSS max during storm, MB', get: (r) => r.json?.rssMb, digits: 0 },
  {
    key: 'jsonHwmMb',
    label: '--json: peak RSS over its life (VmHWM), MB',
    get: (r) => r.json?.hwmMb,
    digits: 0,
  },
  // The storm is paced by the server; on a busy machine it runs late, and the clients' CPU with it.
  {
    key: 'stormRateTui',
    label: 'storm achieved in the TUI case, events/s',
    get: (r) => r.tui && (r.tui.stormEvents * 1000) / r.tui.stormMs,
    digits: 0,
  },
  {
    key: 'stormRateJson',
    label: 'storm achieved in the --json case, events/s',
    get: (r) => r.json && (r.json.stormEvents * 1000) / r.json.stormMs,
    digits: 0,
  },
  {
    key: 'cpuRatio',
    label: '**TUI CPU ÷ --json CPU** (target ≤ 1.5×)',
    get: cpuRatio,
    digits: 2,
    target: (v) => v <= 1.5,
  },
  { key: 'frameRatio', label: '**TUI first frame ÷ `--version`**', get: frameRatio, digits: 2 },
];

const values = (runs: SideRun[], m: Metric): number[] =>
  runs.map(m.get).filter((v): v is number => v !== undefined && !Number.isNaN(v));

/** Median of the repetitions; NaN when every one failed. */
export function medianOf(runs: SideRun[], m: Metric): number {
  return median(values(runs, m));
}

/** "median" or, over several repetitions, "median (min–max)". */
function cell(runs: SideRun[], m: Metric): string {
  const v = values(runs, m);
  if (v.length === 0) return 'failed';
  const mid = fmt(median(v), m.digits) + (m.target && !m.target(median(v)) ? ' ✗' : '');
  return v.length > 1 ? `${mid} (${fmt(Math.min(...v), m.digits)}–${fmt(Math.max(...v), m.digits)})` : mid;
}

/** Correctness checks, counted over repetitions: "3/3", or what went wrong. */
function tableCheck(runs: SideRun[]): string {
  const done = runs.filter((r) => r.tui);
  const bad = done.filter((r) => !r.tui?.tableMatches);
  if (bad.length === 0) return `equal ${done.length}/${runs.length}`;
  return bad.map((r) => `rep ${r.rep + 1}: ${r.tui?.uiCount ?? '?'} vs ${r.tui?.serverCount}`).join('; ');
}

function eventCheck(runs: SideRun[]): string {
  const done = runs.filter((r) => r.json);
  const bad = done.filter((r) => r.json?.eventLines !== r.json?.stormEvents || r.json?.otherLines);
  if (bad.length === 0) return `all ${done.length}/${runs.length}`;
  return bad
    .map(
      (r) =>
        `rep ${r.rep + 1}: ${r.json?.eventLines} of ${r.json?.stormEvents}` +
        ` (${r.json?.snapshots} Snapshot, ${r.json?.otherLines} other lines)`,
    )
    .join('; ');
}

function rowsFor(sides: SideResults[]): Cell[][] {
  const two = sides.length === 2;
  const [first, last] = [sides[0], sides[sides.length - 1]];
  const rows: Cell[][] = METRICS.map((m) => {
    const cells = sides.map((s) => cell(s.runs, m));
    if (!two || !first || !last) return [m.label, ...cells];
    return [m.label, ...cells, `${fmt(medianOf(last.runs, m) / medianOf(first.runs, m), 2)}×`];
  });
  rows.push(['TUI: final table = server', ...sides.map((s) => tableCheck(s.runs)), ...(two ? ['-'] : [])]);
  rows.push([
    '--json: event lines = storm events',
    ...sides.map((s) => eventCheck(s.runs)),
    ...(two ? ['-'] : []),
  ]);
  const failed = sides.map((s) => s.runs.reduce((n, r) => n + r.errors.length, 0));
  if (failed.some((n) => n > 0)) rows.push(['cases that failed (see log)', ...failed, ...(two ? ['-'] : [])]);
  return rows;
}

/** The side-by-side table of medians. */
export function summaryTable(sides: SideResults[], title: string): string {
  const headers = [
    'measure',
    ...sides.map((s) => `${s.bundle.side} (${s.bundle.label})`),
    ...(sides.length === 2 ? ['current ÷ baseline'] : []),
  ];
  return table(title, headers, rowsFor(sides));
}

/** Every repetition of every side, in the order they ran. */
export function repetitionTable(sides: SideResults[]): string {
  // The storm rates show when a case ran late (the server shares the machine), which moves its CPU %.
  const pick = [
    'versionMs',
    'tuiFirstFrameMs',
    'stormRateTui',
    'tuiCpuPct',
    'tuiFramesPerSec',
    'tuiKeyP99',
    'tuiRssMb',
  ];
  const pickJson = ['jsonFirstSnapshotMs', 'stormRateJson', 'jsonCpuPct', 'jsonRssMb', 'cpuRatio'];
  const metrics = [...pick, ...pickJson].map((k) => METRICS.find((m) => m.key === k) as Metric);
  const runs = sides
    .flatMap((s) => s.runs.map((r) => ({ s, r })))
    .sort((a, b) => a.r.rep - b.r.rep || a.r.position - b.r.position);
  return table(
    'Terminal UI: every repetition (in the order run)',
    [
      'rep',
      'bundle',
      '--version ms',
      'TUI 1st frame ms',
      'TUI storm ev/s',
      'TUI CPU %',
      'frames/s',
      'key p99 ms',
      'TUI RSS MB',
      '--json Snapshot ms',
      '--json storm ev/s',
      '--json CPU %',
      '--json RSS MB',
      'TUI÷json CPU',
    ],
    runs.map(({ s, r }) => [
      `${r.rep + 1}`,
      s.bundle.side,
      ...metrics.map((m) => {
        const v = m.get(r);
        return v === undefined ? 'failed' : fmt(v, m.digits);
      }),
    ]),
  );
}

/** Per repetition, current ÷ baseline of the same repetition: the noise when both are the same commit. */
export function pairedTable(baseline: SideResults, current: SideResults): string {
  const keys = ['versionMs', 'tuiFirstFrameMs', 'tuiCpuPct', 'tuiFramesPerSec', 'tuiRssMb', 'jsonCpuPct'];
  const metrics = [...keys, 'jsonRssMb', 'cpuRatio', 'frameRatio'].map(
    (k) => METRICS.find((m) => m.key === k) as Metric,
  );
  const rows = baseline.runs.map((b) => {
    const c = current.runs.find((r) => r.rep === b.rep);
    return [
      `${b.rep + 1} (${b.position === 0 ? 'baseline' : 'current'} first)`,
      ...metrics.map((m) => {
        const x = m.get(b);
        const y = c && m.get(c);
        return x === undefined || y === undefined ? '-' : `${fmt(y / x, 2)}×`;
      }),
    ];
  });
  return table(
    'Terminal UI: current ÷ baseline within each repetition',
    [
      'rep',
      '--version',
      'TUI 1st frame',
      'TUI CPU',
      'frames/s',
      'TUI RSS',
      '--json CPU',
      '--json RSS',
      'TUI÷json CPU',
      '1st frame÷--version',
    ],
    rows,
  );
}

/** Medians and in-run ratios of one side, for the --json output. */
export function medians(runs: SideRun[]): Record<string, number> {
  return Object.fromEntries(METRICS.map((m) => [m.key, medianOf(runs, m)]));
}
