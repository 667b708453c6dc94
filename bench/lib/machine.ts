/** Describes the machine a run happened on, for the tables and BENCHMARKS.md. */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { PINNED } from './child.js';

export function machineInfo(): string {
  let cpu = 'unknown CPU';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux
  }
  return [
    `${cpus().length} cores (${cpu})`,
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `node ${process.version}`,
    PINNED ? 'servers pinned to core 0, load to core 1 (taskset)' : 'NOT pinned (no taskset or one core)',
  ].join(', ');
}
