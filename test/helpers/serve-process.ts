/**
 * Runs `magneto-watch serve` as a real child process, so tests can kill -9 it and
 * restart it on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { BIN, cleanupAfterTest, ROOT } from './pty.js';

export interface ServeProcessOptions {
  dir: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Extra CLI arguments, e.g. `['--token', 't']`. */
  args?: string[];
  env?: Record<string, string | undefined>;
  /** How long to wait for the "serving … at URL" line. @default 15000 */
  startTimeoutMs?: number;
  /**
   * Command to run instead of `node bin/magneto-watch.js serve --dir D --port P …` (e.g. an
   * installed bin). It must print the same "… at http://127.0.0.1:PORT …" line; `restart()`
   * runs it again unchanged, so give it a fixed port if you restart.
   */
  command?: { file: string; args: string[] };
}

export interface ServeProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Everything the current process wrote to stdout / stderr. */
  stdout(): string;
  stderr(): string;
  /** SIGKILL and wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful) and wait for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Starts a new process on the same port (after kill9/stop). */
  restart(): Promise<void>;
  readonly running: boolean;
}

const URL_LINE = /\bat (http:\/\/[^\s]+?):(\d+)\b/;

interface Started {
  child: ChildProcess;
  url: string;
  port: number;
  out: { stdout: string; stderr: string };
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node bin/magneto-watch.js serve …` and resolves when its URL line is printed. */
export function startProcess(
  argv: { file: string; args: string[] },
  env: Record<string, string | undefined>,
  timeoutMs: number,
): Promise<Started> {
  const child = spawn(argv.file, argv.args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (out.stderr += d));
  const exit = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`serve did not print its URL within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\nstdout: ${out.stdout}\nstderr: ${out.stderr}`));
    };
    child.stdout?.on('data', (d: string) => {
      out.stdout += d;
      const m = URL_LINE.exec(out.stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: `${m[1]}:${m[2]}`, port: Number(m[2]), out, exit });
      }
    });
    void exit.then(({ code, signal }) =>
      fail(new Error(`serve exited early (code ${code}, signal ${signal})`)),
    );
    child.on('error', fail);
  });
}

/** Starts `serve` on `options.port` (default 0) and cleans it up after the test. */
export async function startServe(options: ServeProcessOptions): Promise<ServeProcess> {
  const timeout = options.startTimeoutMs ?? 15_000;
  const argvFor = (port: number): { file: string; args: string[] } =>
    options.command ?? {
      file: process.execPath,
      args: [BIN, 'serve', '--dir', options.dir, '--port', String(port), ...(options.args ?? [])],
    };
  const env = options.env ?? {};
  let current = await startProcess(argvFor(options.port ?? 0), env, timeout);
  const port = current.port;
  let running = true;
  void current.exit.then(() => (running = false));

  const handle: ServeProcess = {
    get url() {
      return current.url;
    },
    port,
    get pid() {
      return current.child.pid ?? -1;
    },
    stdout: () => current.out.stdout,
    stderr: () => current.out.stderr,
    get running() {
      return running;
    },
    kill9: async () => {
      if (!running) return;
      current.child.kill('SIGKILL');
      await current.exit;
    },
    stop: async () => {
      if (running) current.child.kill('SIGTERM');
      return current.exit;
    },
    restart: async () => {
      if (running) throw new Error('restart() needs the server stopped first');
      const argv = argvFor(port);
      // The kernel may keep the port briefly; retry on an early exit, a bounded number of times.
      let lastError: unknown;
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          current = await startProcess(argv, env, timeout);
          running = true;
          const mine = current;
          void mine.exit.then(() => {
            if (current === mine) running = false;
          });
          return;
        } catch (error) {
          lastError = error;
        }
      }
      throw lastError as Error;
    },
  };
  cleanupAfterTest(async () => {
    await handle.kill9();
  });
  return handle;
}
