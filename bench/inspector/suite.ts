/**
 * The interaction inspector (issue 9, Performance): the bundled CLI's UI, attached to its
 * `serve` over a directory holding a generated 1.7 MB cassette, in a 120×30 pty fed into @xterm/headless.
 * In the cassette's details, each open is: Enter → the first frame of the inspector
 * (request tab), then, 300 ms later, Tab → the frame with the response's pretty-printed body, then Esc
 * back. The largest interaction (a ~0.5 MB JSON body, of which the server sends 256 KiB)
 * and, as the baseline of the same run, a small one (a 25-byte body), opened alternately.
 */
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import * as pty from 'node-pty';
import xterm from '@xterm/headless';
import { LOAD_CORE, pinnedNode, SERVER_CORE } from '../lib/child.js';
import { median, quantile } from '../lib/stats.js';
import { fmt, table } from '../lib/table.js';
import { tempDir } from '../lib/tmp.js';
import { buildCurrent } from '../tui/bundle.js';
import { CASSETTE_NAME, writeBigCassette } from './cassette.js';

const COLS = 120;
/** Pause between the request frame and Tab. */
const READ_MS = 300;
const ROWS = 30;

export interface InspectorBenchOptions {
  /** Opens of each interaction. @default 20 */
  opens: number;
  log: (line: string) => void;
}

export interface OpenTimes {
  /** Enter → the inspector's first frame (request tab). */
  enter: number[];
  /** Tab, pressed READ_MS after that frame → the response tab's frame with its body. */
  tab: number[];
  /** Enter → response frame, without the time the bench took to press Tab. */
  total: number[];
}

export interface InspectorBenchResult {
  fileBytes: number;
  bodyBytes: number;
  large: OpenTimes;
  small: OpenTimes;
  /** The interaction route alone (fetch → whole answer), ms. */
  serverLarge: number[];
  serverSmall: number[];
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function headless() {
  const term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  let waiter: (() => void) | undefined;
  const text = (): string => {
    const b = term.buffer.active;
    return Array.from(
      { length: ROWS },
      (_, y) => b.getLine(b.viewportY + y)?.translateToString(true) ?? '',
    ).join('\n');
  };
  return {
    text,
    write: (d: string): void => term.write(d, () => waiter?.()),
    /** Resolves with the time the screen first matched `re` (checked after each parsed chunk). */
    until: (re: RegExp, ms = 10_000): Promise<number> =>
      new Promise((resolve, reject) => {
        if (re.test(text())) return resolve(performance.now());
        const timer = setTimeout(() => {
          waiter = undefined;
          reject(new Error(`screen never matched ${re}:\n${text()}`));
        }, ms);
        waiter = () => {
          if (!re.test(text())) return;
          clearTimeout(timer);
          waiter = undefined;
          resolve(performance.now());
        };
      }),
    dispose: (): void => term.dispose(),
  };
}

export async function runInspectorBench(
  o: InspectorBenchOptions,
): Promise<{ text: string; result: InspectorBenchResult }> {
  const bundle = await buildCurrent();
  const dir = await tempDir('inspector');
  const { fileBytes, bodyBytes } = await writeBigCassette(dir);
  o.log(`  cassette: ${fmt(fileBytes / 1e6, 2)} MB, largest body ${fmt(bodyBytes / 1e6, 2)} MB`);
  const screen = headless();
  // `serve` on a port of its own, on the server core; the UI attaches to it with --url.
  const port = await freePort();
  const [serveFile, serveArgs] = pinnedNode(SERVER_CORE, [
    bundle.cli,
    'serve',
    '--dir',
    dir,
    '--port',
    String(port),
  ]);
  const server = spawn(serveFile, serveArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (out.includes(`127.0.0.1:${port}`)) resolve();
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  // The server's share of an open: the interaction route alone, as the UI asks it (256 KiB).
  const route = async (index: number): Promise<number[]> => {
    const times: number[] = [];
    for (let k = 0; k < o.opens; k++) {
      const t0 = performance.now();
      const res = await fetch(
        `http://127.0.0.1:${port}/api/cassettes/${CASSETTE_NAME}/interactions/${index}`,
      );
      await res.arrayBuffer();
      times.push(performance.now() - t0);
    }
    return times;
  };
  const serverLarge = await route(0);
  const serverSmall = await route(1);
  const [file, args] = pinnedNode(LOAD_CORE, [bundle.cli, '--url', `http://127.0.0.1:${port}`]);
  const term = pty.spawn(file, args, {
    name: 'xterm-256color',
    cols: COLS,
    rows: ROWS,
    cwd: dir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      TERM: 'xterm-256color',
      MAGNETO_URL: '',
      MAGNETO_TOKEN: '',
    } as Record<string, string>,
  });
  term.onData((d) => screen.write(d));
  const large: OpenTimes = { enter: [], tab: [], total: [] };
  const small: OpenTimes = { enter: [], tab: [], total: [] };
  try {
    await screen.until(new RegExp(`›\\s+${CASSETTE_NAME}`), 20_000);
    term.write('\r');
    await screen.until(/#\s+METHOD\s+STATUS/);
    /** One open of the interaction at the top of the details list (the selected one). */
    const open = async (times: OpenTimes, index: number, body: RegExp): Promise<void> => {
      const t0 = performance.now();
      term.write('\r');
      const t1 = await screen.until(new RegExp(`${CASSETTE_NAME}  #${index}  Http[\\s\\S]*\\[Request\\]`));
      // A user reads the request first; meanwhile the UI builds the other tabs' pages.
      await sleep(READ_MS);
      const t2start = performance.now();
      term.write('\t');
      const t2 = await screen.until(body);
      times.enter.push(t1 - t0);
      times.tab.push(t2 - t2start);
      times.total.push(t1 - t0 + (t2 - t2start));
      term.write('\u001b');
      await screen.until(/#\s+METHOD\s+STATUS/);
      await sleep(100);
    };
    for (let k = 0; k < o.opens; k++) {
      // Interaction 0 is the large one; j selects interaction 1, a small one; k goes back.
      await open(large, 0, /\[Response\][\s\S]*"users": \[[\s\S]*"login": "user0",/);
      term.write('j');
      await sleep(100);
      await open(small, 1, /\[Response\][\s\S]*"login": "user0"/);
      term.write('k');
      await sleep(100);
      if ((k + 1) % 5 === 0) o.log(`  ${k + 1}/${o.opens} opens`);
    }
  } finally {
    const exited = new Promise<void>((r) => term.onExit(() => r()));
    term.write('\u0003');
    await Promise.race([exited, sleep(3000)]);
    try {
      term.kill();
    } catch {
      // already gone
    }
    screen.dispose();
    server.kill();
  }
  const row = (label: string, v: number[], base: number[]): (string | number)[] => [
    label,
    fmt(median(v)),
    fmt(quantile(v, 0.99)),
    fmt(Math.max(...v)),
    `${fmt(median(v) / median(base), 2)}×`,
  ];
  const text = table(
    `Inspector: ${o.opens} opens in a 120×30 pty, ${fmt(fileBytes / 1e6, 2)} MB cassette (largest body ${fmt(bodyBytes / 1e6, 2)} MB, 256 KiB sent), ms`,
    ['measure', 'p50', 'p99', 'max', 'p50 ÷ small'],
    [
      row('server alone: GET small interaction', serverSmall, serverSmall),
      row('server alone: GET largest interaction', serverLarge, serverSmall),
      row('small: Enter → request frame', small.enter, small.enter),
      row('small: Tab (300 ms later) → response frame', small.tab, small.tab),
      row('large: Enter → request frame', large.enter, small.enter),
      row('large: Tab (300 ms later) → response frame', large.tab, small.tab),
      row('large: Enter + Tab latencies', large.total, small.total),
    ],
  );
  return { text, result: { fileBytes, bodyBytes, large, small, serverLarge, serverSmall } };
}
