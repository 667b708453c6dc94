/**
 * The same storm against `node cli.js --json --url …` of the same bundle: the
 * sync engine and NDJSON printing without Ink. A plain child (no pty), pinned to
 * the load core like the UI; its stdout is a pipe that this process reads and
 * discards, keeping only each line's type. What it costs is what the engine
 * costs, which is the reference the UI's CPU is divided by.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LOAD_CORE, pinnedNode } from '../lib/child.js';
import { procSample, rssSampler } from '../lib/procfs.js';
import { fmt } from '../lib/table.js';
import type { Bundle } from './bundle.js';
import type { StormServer } from './server.js';
import type { CaseOptions } from './tui-case.js';

export interface JsonResult {
  /** Spawn → the end of the first `Snapshot` line (10 000 cassettes in it). */
  firstSnapshotMs: number;
  cpuPct: number;
  /** Largest RSS sampled every 100 ms from just before the storm to its end. */
  rssMb: number;
  /** Peak RSS over the client's whole life (VmHWM) at the end of the storm. */
  hwmMb: number;
  /** Event lines (CassetteCreated/Updated/Deleted) printed, storm and drain included. */
  eventLines: number;
  /** `Snapshot` lines: 1 unless the client re-listed (then the event count may differ legitimately). */
  snapshots: number;
  /** Lines of any other type (none expected). */
  otherLines: number;
  stormEvents: number;
  stormFailures: number;
  stormMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Enough of a line to hold its `"type":"…"` (JSON.stringify writes `type` first). */
const HEAD = 48;

/**
 * Counts NDJSON lines by type without keeping them: the Snapshot line is
 * megabytes long, so only the first HEAD characters of each line are kept.
 */
function lineCounter(onSnapshot: () => void) {
  const counts = { snapshots: 0, events: 0, other: 0 };
  let head = '';
  const endLine = (): void => {
    const type = /^\{"type":"(\w+)"/.exec(head)?.[1];
    if (type === 'Snapshot') {
      counts.snapshots++;
      onSnapshot();
    } else if (type?.startsWith('Cassette')) counts.events++;
    else counts.other++;
    head = '';
  };
  return {
    counts,
    feed(chunk: Buffer): void {
      let pos = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, pos)) {
        if (head.length < HEAD) head += chunk.toString('latin1', pos, Math.min(nl, pos + HEAD));
        endLine();
        pos = nl + 1;
      }
      if (head.length < HEAD && pos < chunk.length)
        head += chunk.toString('latin1', pos, Math.min(chunk.length, pos + HEAD));
    },
  };
}

export async function runJsonCase(bundle: Bundle, server: StormServer, o: CaseOptions): Promise<JsonResult> {
  const nodeArgs = [
    ...(o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(o.cpuProfDir, `json-${bundle.side}`)}`] : []),
    bundle.cli,
    '--json',
    '--url',
    server.url,
  ];
  const [file, args] = pinnedNode(LOAD_CORE, nodeArgs);
  let firstSnapshotMs = Number.NaN;
  let snapshotSeen: () => void = () => {};
  const snapshot = new Promise<void>((r) => (snapshotSeen = r));
  const t0 = performance.now();
  const child = spawn(file, args, {
    cwd: join(bundle.cli, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', MAGNETO_URL: '', MAGNETO_TOKEN: '' },
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const lines = lineCounter(() => {
    if (Number.isNaN(firstSnapshotMs)) firstSnapshotMs = performance.now() - t0;
    snapshotSeen();
  });
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => lines.feed(c));
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-2000)));
  const pid = child.pid ?? -1;
  try {
    const timeout = new Promise<void>((r) => setTimeout(r, 15_000).unref());
    const got = await Promise.race([snapshot.then(() => true), exited.then(() => false), timeout]);
    if (got !== true) throw new Error(`--json client: no Snapshot line within 15 s; stderr:\n${stderr}`);
    o.log(`  ${bundle.side} --json: first Snapshot line after ${fmt(firstSnapshotMs, 0)} ms`);
    await sleep(1000); // the same settling time as the UI case

    const before = procSample(pid);
    const rss = rssSampler(pid);
    const tStorm = performance.now();
    const st = await server.storm(o.rate, o.seconds);
    const stormMs = performance.now() - tStorm;
    const after = procSample(pid);
    const rssMb = rss.stop();
    // Drain: the count is checked, not timed; stop waiting once every event is out.
    for (let waited = 0; waited < 5000 && lines.counts.events < st.events; waited += 100) await sleep(100);
    const result: JsonResult = {
      firstSnapshotMs,
      cpuPct: (100 * (after.cpuMs - before.cpuMs)) / stormMs,
      rssMb,
      hwmMb: after.hwmMb,
      eventLines: lines.counts.events,
      snapshots: lines.counts.snapshots,
      otherLines: lines.counts.other,
      stormEvents: st.events,
      stormFailures: st.failures,
      stormMs,
    };
    o.log(`  ${bundle.side} --json storm: ${JSON.stringify(result)}`);
    return result;
  } finally {
    child.kill('SIGTERM'); // the CLI closes its engine and exits 0
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
  }
}
