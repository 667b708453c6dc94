/** CPU time and memory of another process, from /proc (Linux). */
import { readFileSync } from 'node:fs';

export interface ProcSample {
  /** utime + stime, in ms (the kernel counts 10 ms ticks). */
  cpuMs: number;
  /** Resident set size now. */
  rssMb: number;
  /** Peak resident set size over the process's life (VmHWM). */
  hwmMb: number;
}

/** Reads `pid`'s CPU ticks and RSS; NaN figures once the process is gone. */
export function procSample(pid: number): ProcSample {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return {
      cpuMs: (Number(f[11]) + Number(f[12])) * 10,
      rssMb: kb('VmRSS') / 1024,
      hwmMb: kb('VmHWM') / 1024,
    };
  } catch {
    return { cpuMs: Number.NaN, rssMb: Number.NaN, hwmMb: Number.NaN };
  }
}

/**
 * Samples `pid`'s RSS every `everyMs` until `stop()`, which returns the largest
 * sample (taken again at stop, so a short window still has one).
 */
export function rssSampler(pid: number, everyMs = 100): { stop(): number } {
  let max = procSample(pid).rssMb;
  const take = (): void => {
    const r = procSample(pid).rssMb;
    if (r > max || Number.isNaN(max)) max = r;
  };
  const timer = setInterval(take, everyMs);
  return {
    stop(): number {
      clearInterval(timer);
      take();
      return max;
    },
  };
}
