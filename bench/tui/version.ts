/**
 * `node cli.js --version` → exit, pinned to the load core like the UI: node's
 * start-up plus loading the bundle's entry chunk, on this machine, now. The UI's
 * first frame is divided by it, which leaves what the UI adds on top.
 */
import { spawnSync } from 'node:child_process';
import { LOAD_CORE, pinnedNode } from '../lib/child.js';
import { median } from '../lib/stats.js';
import type { Bundle } from './bundle.js';

export interface VersionResult {
  /** Median over `runs` (after one unmeasured run that warms the page cache). */
  ms: number;
  runs: number[];
  output: string;
}

export function versionTime(bundle: Bundle, runs = 10): VersionResult {
  const [file, args] = pinnedNode(LOAD_CORE, [bundle.cli, '--version']);
  const once = (): { ms: number; output: string } => {
    const t0 = performance.now();
    const r = spawnSync(file, args, {
      encoding: 'utf8',
      timeout: 10_000,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const ms = performance.now() - t0;
    if (r.status !== 0)
      throw new Error(`${bundle.cli} --version exited ${r.status ?? r.signal}: ${r.stderr}`);
    return { ms, output: r.stdout.trim() };
  };
  const { output } = once();
  const times = Array.from({ length: runs }, () => once().ms);
  return { ms: median(times), runs: times, output };
}
