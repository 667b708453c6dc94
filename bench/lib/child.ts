/**
 * Benchmark processes: every server under test and every load generator runs in
 * its own node process, pinned to a core with `taskset` when available, and is
 * driven over the IPC channel with request/response messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((p) => existsSync(p));
/** True when servers and load generators can be pinned to different cores. */
export const PINNED = TASKSET !== undefined && availableParallelism() >= 2;
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

/**
 * The command and arguments that run `node <nodeArgs>` pinned to `core`. taskset
 * execs node, so the spawned pid is node's own (its /proc figures are the UI's).
 */
export function pinnedNode(core: number | string, nodeArgs: string[]): [string, string[]] {
  return PINNED && TASKSET
    ? [TASKSET, ['-c', String(core), process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
}

export interface ChildOptions {
  /** Core, or list of cores (`'0,1'`), to pin to (ignored without taskset). */
  core?: number | string;
  /** Write a V8 CPU profile of this process into this directory on exit. */
  cpuProfDir?: string;
  /** Subdirectory of cpuProfDir for this process's profiles. */
  name?: string;
  env?: Record<string, string>;
  args?: string[];
}

interface Reply {
  id?: number;
  ok?: boolean;
  result?: unknown;
  error?: string;
  event?: string;
  data?: unknown;
}

export interface BenchChild {
  readonly proc: ChildProcess;
  readonly pid: number;
  /** Sends a command and resolves with the child's result. */
  request<T = unknown>(cmd: string, payload?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Resolves with the data of the next unsolicited event of that name. */
  event<T = unknown>(name: string, timeoutMs?: number): Promise<T>;
  /** Asks the child to exit (so --cpu-prof files get written), then kills it if it lingers. */
  stop(): Promise<void>;
}

/** Starts `bench/<script>` with tsx, pinned to `core`. */
export function startChild(script: string, options: ChildOptions = {}): BenchChild {
  const file = fileURLToPath(new URL(`../${script}`, import.meta.url));
  const nodeArgs = ['--import', 'tsx', '--expose-gc', '--max-old-space-size=4096'];
  if (options.cpuProfDir) {
    // Default file names (CPU.<date>.<pid>.<thread>…): the tsx loader thread writes one too;
    // the main thread's is the one with thread id 0.
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfDir, options.name ?? 'proc')}`);
  }
  const argv = [...nodeArgs, file, ...(options.args ?? [])];
  const [cmd, args] = options.core !== undefined ? pinnedNode(options.core, argv) : [process.execPath, argv];
  const proc = spawn(cmd, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const waiters = new Map<string, ((v: unknown) => void)[]>();
  const early = new Map<string, unknown[]>();
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.on('message', (m: Reply) => {
    if (m.id !== undefined) {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (!p) return;
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`${script}: ${m.error ?? 'failed'}`));
    } else if (m.event) {
      const list = waiters.get(m.event);
      const w = list?.shift();
      if (w) w(m.data);
      else early.set(m.event, [...(early.get(m.event) ?? []), m.data]);
    }
  });
  proc.once('exit', (code, signal) => {
    exited = true;
    for (const p of pending.values()) p.reject(new Error(`${script} exited (${code ?? signal})`));
    pending.clear();
  });
  const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${script}: ${what} timed out after ${ms} ms`)), ms);
      p.then(
        (v) => (clearTimeout(t), resolve(v)),
        (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
      );
    });
  return {
    proc,
    get pid() {
      return proc.pid ?? -1;
    },
    request<T>(cmd: string, payload: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> {
      if (exited) return Promise.reject(new Error(`${script} has exited`));
      const id = nextId++;
      const p = new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        proc.send({ id, cmd, ...payload });
      });
      return withTimeout(p, timeoutMs, cmd);
    },
    event<T>(name: string, timeoutMs = 120_000): Promise<T> {
      const queued = early.get(name);
      if (queued && queued.length > 0) return Promise.resolve(queued.shift() as T);
      const p = new Promise<T>((resolve, reject) => {
        waiters.set(name, [...(waiters.get(name) ?? []), resolve as (v: unknown) => void]);
        proc.once('exit', (code) => reject(new Error(`${script} exited (${code}) before ${name}`)));
      });
      return withTimeout(p, timeoutMs, `waiting for ${name}`);
    },
    async stop(): Promise<void> {
      if (exited) return;
      try {
        proc.send({ id: 0, cmd: 'exit' });
      } catch {
        // channel already closed
      }
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(t);
    },
  };
}

type Handler = (msg: Record<string, unknown>) => unknown;

/**
 * Child side: answers parent commands with the given handlers. `exit` runs
 * `onExit` then exits with code 0 (so V8 writes --cpu-prof files).
 */
export function serveParent(
  handlers: Record<string, Handler>,
  onExit: () => Promise<void> | void = () => {},
): void {
  process.on('message', (m: { id: number; cmd: string } & Record<string, unknown>) => {
    if (m.cmd === 'exit') {
      void Promise.resolve()
        .then(onExit)
        .finally(() => process.exit(0));
      return;
    }
    const h = handlers[m.cmd];
    if (!h) {
      process.send?.({ id: m.id, ok: false, error: `unknown command ${m.cmd}` });
      return;
    }
    Promise.resolve()
      .then(() => h(m))
      .then(
        (result) => process.send?.({ id: m.id, ok: true, result }),
        (e: unknown) =>
          process.send?.({
            id: m.id,
            ok: false,
            error: e instanceof Error ? (e.stack ?? e.message) : String(e),
          }),
      );
  });
  process.on('disconnect', () => process.exit(0));
}

/** Child side: sends an unsolicited event to the parent. */
export function notifyParent(event: string, data?: unknown): void {
  process.send?.({ event, data });
}

/** CPU time and memory of this process, as reported to the parent. */
export interface ProcStats {
  cpu: NodeJS.CpuUsage;
  rss: number;
  heapUsed: number;
}

/** Reads this process's stats; with `gc`, collects garbage first (needs --expose-gc). */
export function procStats(gc = false): ProcStats {
  const g = (globalThis as { gc?: () => void }).gc;
  if (gc && g) {
    g();
    g();
  }
  const m = process.memoryUsage();
  return { cpu: process.cpuUsage(), rss: m.rss, heapUsed: m.heapUsed };
}
