import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock, type TimerHandle } from '../protocol/clock.js';
import { cassetteFile, httpInteraction, type DemoRequest } from './interactions.js';

/** Options of the simulated recorder used by `magneto-watch demo`. */
export interface RecorderOptions {
  dir: string;
  /** Time between two recorder actions. @default 2500 */
  intervalMs?: number;
  random?: () => number;
  /** Time of the recorded interactions, and the timer between actions. @default systemClock */
  clock?: Clock;
  /** At most this many cassettes created by the simulation exist at once. @default 6 */
  maxOwn?: number;
}

export interface DemoRecorder {
  /** Performs one action now: create, grow or delete a cassette. Returns what it did. */
  tick(): Promise<string>;
  stop(): void;
}

const SERVICES = ['billing', 'checkout', 'inventory', 'profile', 'search', 'shipping', 'weather', 'wallet'];
const PATHS = ['/items', '/items/42', '/health', '/orders?page=2', '/me', '/quotes'];

/**
 * Writes cassettes the way the upstream recorder does — in place, without asking the
 * server — so the demo exercises the directory watcher, not only the API.
 */
export function startDemoRecorder(options: RecorderOptions): DemoRecorder {
  const { dir, intervalMs = 2500, random = Math.random, clock = systemClock, maxOwn = 6 } = options;
  const now = (): Date => new Date(clock.now());
  const own: string[] = [];
  let counter = 0;
  let timer: TimerHandle | undefined;
  let stopped = false;

  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length) % items.length] as T;
  const request = (service: string): DemoRequest => ({
    method: random() < 0.7 ? 'GET' : 'POST',
    url: `https://${service}.example.com${pick(PATHS)}`,
    status: random() < 0.85 ? 200 : 503,
    body: '{"ok":true}',
    responseTimeMs: Math.round(20 + random() * 300),
  });

  async function create(): Promise<string> {
    const service = pick(SERVICES);
    const name = `${service}-${clock.now().toString(36).slice(-4)}${counter++}`;
    const at = now();
    const interactions = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      httpInteraction(request(service), at),
    );
    await writeFile(join(dir, `${name}.json`), cassetteFile(name, at, interactions));
    own.push(name);
    return `created ${name}`;
  }

  async function grow(name: string): Promise<string> {
    const path = join(dir, `${name}.json`);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) {
      // Deleted by someone else (the user, from the UI): forget it.
      own.splice(own.indexOf(name), 1);
      return `lost ${name}`;
    }
    const data = JSON.parse(text) as { interactions: Record<string, unknown>[] };
    data.interactions.push(httpInteraction(request(name.split('-')[0] ?? 'api'), now()));
    await writeFile(path, JSON.stringify(data, null, 2) + '\n');
    return `grew ${name}`;
  }

  async function remove(): Promise<string> {
    const name = own.shift() as string;
    await unlink(join(dir, `${name}.json`)).catch(() => undefined);
    return `deleted ${name}`;
  }

  async function tick(): Promise<string> {
    const roll = random();
    try {
      if (own.length === 0 || (roll < 0.45 && own.length < maxOwn)) return await create();
      if (roll < 0.85 || own.length <= 2) return await grow(pick(own));
      return await remove();
    } catch (error) {
      // A demo must never crash over one failed write (disk full, file edited by hand).
      return `skipped (${(error as Error).message})`;
    }
  }

  const schedule = (): void => {
    if (stopped) return;
    // Unref'd: the demo's server and terminal keep the process alive, not the simulation.
    timer = clock.setTimeout(() => void tick().finally(schedule), intervalMs, { unref: true });
  };
  schedule();

  return {
    tick,
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
    },
  };
}
