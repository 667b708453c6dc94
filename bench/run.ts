/**
 * `npm run bench [-- flags]`: runs the benchmark suites and prints markdown
 * tables. Not a vitest test. See BENCHMARKS.md for the method.
 */
import { writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from './lib/args.js';
import { machineInfo } from './lib/machine.js';
import { removeTempDirs } from './lib/tmp.js';
import { closeAgent } from './lib/http.js';
import { pinSelf } from './lib/pin.js';
import { runFanout, runLatency } from './fanout/suite.js';
import { runListing } from './listing/suite.js';
import { runDisk } from './disk/suite.js';
import { runTuiBench } from './tui/suite.js';
import { runCliBench } from './cli/suite.js';
import { runInspectorBench } from './inspector/suite.js';

const args = parseArgs(process.argv.slice(2));
pinSelf();
const log = (line: string): void => console.error(line);
const out: string[] = [];
const results: Record<string, unknown> = { machine: machineInfo(), args: { ...args, only: [...args.only] } };
const cpuProfDir = args.cpuProf ? resolve(args.cpuProf) : undefined;
if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });

function print(text: string): void {
  out.push(text);
  console.log(text);
}

const deadline = setTimeout(
  () => {
    console.error('bench: global time bound reached, aborting');
    process.exit(2);
  },
  (args.full ? 90 : 20) * 60_000,
);
deadline.unref();

print(
  `# magneto-watch benchmarks\n\nMachine: ${machineInfo()}\nDate: ${new Date().toISOString()}\nArgs: ${process.argv.slice(2).join(' ') || '(quick default)'}`,
);
try {
  if (args.only.has('fanout')) {
    log('fan-out…');
    const r = await runFanout({
      clients: args.clients,
      seconds: args.seconds,
      repeat: args.repeat,
      deliveries: args.deliveries,
      cpuProfDir,
      log,
    });
    results.fanout = r.summaries.map(({ runs: _runs, ...s }) => s);
    print(r.text);
  }
  if (args.only.has('latency')) {
    log('latency…');
    const r = await runLatency({
      clients: 1000,
      rate: 200,
      seconds: args.seconds,
      repeat: args.repeat,
      cpuProfDir,
      log,
    });
    results.latency = r.summaries.map(({ runs: _runs, ...s }) => s);
    print(r.text);
  }
  if (args.only.has('listing')) {
    log('listing…');
    const r = await runListing({
      counts: args.cassettes,
      seconds: args.seconds,
      repeat: args.repeat,
      cpuProfDir,
      log,
    });
    results.listing = r.rows;
    results.listingCores = r.cores;
    print(r.text);
  }
  if (args.only.has('disk')) {
    log('disk → screen…');
    const r = await runDisk({
      writes: args.full ? 200 : 60,
      intervalMs: 100,
      existing: 1000,
      cpuProfDir,
      log,
    });
    results.disk = r.result;
    print(r.text);
  }
  if (args.only.has('tui')) {
    log('terminal UI…');
    const r = await runTuiBench({
      cassettes: 10_000,
      rate: 1000,
      seconds: 10,
      repeat: args.repeat,
      baseline: args.baseline,
      cpuProfDir,
      log,
    });
    results.tui = r.result;
    print(r.text);
  }
  if (args.only.has('inspector')) {
    log('inspector…');
    const r = await runInspectorBench({ opens: 20, log });
    results.inspector = r.result;
    print(r.text);
  }
  if (args.only.has('cli')) {
    log('command line…');
    const r = await runCliBench({ runs: 20, baseline: args.baseline, log });
    results.cli = r.result;
    print(r.text);
  }
} finally {
  closeAgent();
  await removeTempDirs();
}
if (args.json) await writeFile(args.json, JSON.stringify(results, null, 2));
