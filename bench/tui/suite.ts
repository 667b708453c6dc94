/**
 * Terminal UI, measured as ratios against references from the
 * same run, because absolute figures differ a lot between machines. Per bundle:
 *  1. `node cli.js --version` → exit (median of 10);
 *  2. the UI in a 120×30 pty during a storm (tui-case.ts);
 *  3. the same storm against `cli.js --json` (json-case.ts), the engine without Ink.
 * With --baseline, another commit's bundle runs the same cases back to back with
 * the working tree's, alternating which goes first in each repetition.
 */
import { cpus, loadavg } from 'node:os';
import { fmt } from '../lib/table.js';
import { buildCurrent, buildRef, type Bundle } from './bundle.js';
import { runJsonCase } from './json-case.js';
import { medians, medianOf, METRICS, pairedTable, repetitionTable, summaryTable } from './report.js';
import type { SideResults, SideRun } from './report.js';
import { withStormServer } from './server.js';
import { runTuiCase, type CaseOptions } from './tui-case.js';
import { versionTime } from './version.js';

export interface TuiBenchOptions extends CaseOptions {
  repeat: number;
  /** Git ref to compare with; undefined = the working tree alone. */
  baseline?: string | undefined;
}

export interface TuiBenchResult {
  cassettes: number;
  rate: number;
  seconds: number;
  repeat: number;
  /** 1-minute load average: other work on the machine is the main source of noise. */
  loadAverage: { before: number; after: number };
  sides: {
    side: Bundle['side'];
    label: string;
    sha: string;
    digest: string;
    medians: Record<string, number>;
    runs: SideRun[];
  }[];
  /** Median of current ÷ median of baseline, per measure (with --baseline). */
  currentOverBaseline?: Record<string, number>;
}

type Kind = (bundle: Bundle, run: SideRun) => Promise<void>;

/** The three measurements, each a fresh process (and, for the storms, a fresh server). */
function kinds(o: TuiBenchOptions): [string, Kind][] {
  return [
    ['version', async (b, run) => void (run.version = versionTime(b, 10))],
    [
      'tui',
      async (b, run) => void (run.tui = await withStormServer(o.cassettes, (s) => runTuiCase(b, s, o))),
    ],
    [
      'json',
      async (b, run) => void (run.json = await withStormServer(o.cassettes, (s) => runJsonCase(b, s, o))),
    ],
  ];
}

/**
 * Repetition r runs each kind for every bundle before the next kind, so the two
 * sides of a comparison are measured minutes apart at most; the order flips
 * every repetition so that drift (thermal, a neighbour on the VM) hits both.
 */
async function measure(sides: SideResults[], o: TuiBenchOptions): Promise<void> {
  for (let rep = 0; rep < o.repeat; rep++) {
    const order = rep % 2 === 0 ? sides : [...sides].reverse();
    o.log(`  repetition ${rep + 1}/${o.repeat}: ${order.map((s) => s.bundle.side).join(' then ')}`);
    const runs = order.map((s, position) => {
      const run: SideRun = { rep, position, errors: [] };
      s.runs.push(run);
      return run;
    });
    for (const [name, kind] of kinds(o)) {
      for (const [i, s] of order.entries()) {
        const run = runs[i] as SideRun;
        try {
          await kind(s.bundle, run);
        } catch (e) {
          // One failed case should not throw away minutes of the others; the table says so.
          const msg = e instanceof Error ? e.message : String(e);
          run.errors.push(`${name}: ${msg}`);
          o.log(`  ${s.bundle.side} ${name} FAILED: ${msg}`);
        }
      }
    }
  }
}

async function bundles(baseline: string | undefined): Promise<Bundle[]> {
  const current = await buildCurrent();
  return baseline === undefined ? [current] : [await buildRef(baseline), current];
}

/** Which code ran: with the same digest, every difference between the sides is noise. */
function bundleLine(sides: SideResults[]): string {
  const [a, b] = sides.map((s) => s.bundle);
  const list = sides
    .map((s) => `${s.bundle.side} ${s.bundle.label} (js sha256 ${s.bundle.digest})`)
    .join(', ');
  const same = a && b && a.digest === b.digest ? ': byte-identical, so the differences are noise' : '';
  return `\nBundles: ${list}${same}.\n`;
}

/** Targets of the refactor, checked on the current bundle's medians. */
function targetLine(current: SideResults): string {
  const checks = METRICS.filter((m) => m.target).map((m) => {
    const v = medianOf(current.runs, m);
    return `${m.label.replace(/\*\*/g, '')}: ${fmt(v, m.digits)} ${m.target?.(v) ? 'met' : 'MISSED'}`;
  });
  return `\nTargets (current): ${checks.join('; ')}.\n`;
}

export async function runTuiBench(
  o: TuiBenchOptions,
): Promise<{ result: TuiBenchResult | undefined; text: string }> {
  let built: Bundle[];
  try {
    built = await bundles(o.baseline);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { result: undefined, text: `\n### Terminal UI\n\nNot run: ${msg.slice(0, 2000)}\n` };
  }
  o.log(`  bundles: ${built.map((b) => `${b.side} ${b.label} (${b.cli})`).join(', ')}`);
  const sides: SideResults[] = built.map((bundle) => ({ bundle, runs: [] }));
  const loadBefore = loadavg()[0] ?? Number.NaN;
  await measure(sides, o);
  const loadAfter = loadavg()[0] ?? Number.NaN;
  const load = `\nLoad average (1 min) before / after the suite: ${fmt(loadBefore, 2)} / ${fmt(loadAfter, 2)} on ${cpus().length} cores.\n`;

  const title =
    `Terminal UI: bundled CLI in a 120×30 pty and as \`--json\`, ${o.cassettes.toLocaleString('en-US')} cassettes, ` +
    `storm of ${o.rate} events/s for ${o.seconds} s, ` +
    (o.repeat > 1 ? `medians (min–max) of ${o.repeat} repetitions` : 'one repetition');
  const [baseline, current] = sides.length === 2 ? sides : [undefined, sides[0]];
  if (!current) throw new Error('no current bundle');
  const text = [
    summaryTable(sides, title),
    bundleLine(sides),
    load,
    targetLine(current),
    ...(o.repeat > 1 || baseline ? [repetitionTable(sides)] : []),
    ...(baseline ? [pairedTable(baseline, current)] : []),
  ].join('\n');
  const result: TuiBenchResult = {
    cassettes: o.cassettes,
    rate: o.rate,
    seconds: o.seconds,
    repeat: o.repeat,
    loadAverage: { before: loadBefore, after: loadAfter },
    sides: sides.map((s) => ({
      side: s.bundle.side,
      label: s.bundle.label,
      sha: s.bundle.sha,
      digest: s.bundle.digest,
      medians: medians(s.runs),
      runs: s.runs,
    })),
  };
  if (baseline) {
    result.currentOverBaseline = Object.fromEntries(
      METRICS.map((m) => [m.key, medianOf(current.runs, m) / medianOf(baseline.runs, m)]),
    );
  }
  return { result, text };
}
