/** Pins the orchestrating process (it also drives HTTP load) to the load core. */
import { spawnSync } from 'node:child_process';
import { LOAD_CORE, PINNED } from './child.js';

export function pinSelf(): void {
  if (PINNED) spawnSync('taskset', ['-pc', String(LOAD_CORE), String(process.pid)], { stdio: 'ignore' });
}
