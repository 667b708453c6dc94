/** Command-line flags of `npm run bench`. */
export interface BenchArgs {
  /** Full sizes (N = 1 000/5 000/10 000 clients, 50 000 cassettes). @default false */
  full: boolean;
  /** Suites to run. @default all */
  only: Set<string>;
  /** Seconds of event load per fan-out case. @default 5 */
  seconds: number;
  /** Repetitions per fan-out and terminal-UI case, and off/on pairs of listing cold indexes (at least 3); the tables show medians. @default 1 (3 with --full) */
  repeat: number;
  /** Client counts for fan-out. @default [1000, 2000] (full: [1000, 5000, 10000]) */
  clients: number[];
  /** Cassette counts for listing. @default [1000, 10000] (full: + 50000) */
  cassettes: number[];
  /** Target deliveries per second in throughput cases (rate = this / N). @default 25000 */
  deliveries: number;
  /** Directory for --cpu-prof output of the server processes; undefined = no profiling. */
  cpuProf: string | undefined;
  /** Write all results as JSON here. */
  json: string | undefined;
  /** Git ref whose CLI the terminal-UI and command-line suites also build and measure, back to back. */
  baseline: string | undefined;
}

const SUITES = ['fanout', 'latency', 'listing', 'disk', 'tui', 'inspector', 'cli'];

function list(v: string): number[] {
  return v
    .split(',')
    .map((s) => Number(s.replace(/_/g, '')))
    .filter((n) => Number.isFinite(n) && n > 0);
}

/** Parses `--flag value` and `--flag=value`; throws on unknown flags. */
export function parseArgs(argv: string[]): BenchArgs {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (argv[i + 1] !== undefined && !(argv[i + 1] ?? '').startsWith('--'))
      flags.set(a.slice(2), argv[++i] ?? '');
    else flags.set(a.slice(2), 'true');
  }
  const known = [
    'full',
    'only',
    'seconds',
    'repeat',
    'clients',
    'cassettes',
    'deliveries',
    'cpu-prof',
    'json',
    'baseline',
    'help',
  ];
  for (const k of flags.keys()) if (!known.includes(k)) throw new Error(`unknown flag --${k}`);
  if (flags.has('help')) {
    console.log(`npm run bench -- [--full] [--only ${SUITES.join(',')}] [--seconds S] [--repeat R]
  [--clients 1000,2000] [--cassettes 1000,10000] [--deliveries 25000] [--cpu-prof DIR] [--json FILE]
  [--baseline GIT-REF]   (tui, cli: also build and measure that commit's CLI, back to back)`);
    process.exit(0);
  }
  const full = flags.get('full') === 'true';
  const only = new Set((flags.get('only') ?? SUITES.join(',')).split(','));
  for (const s of only)
    if (!SUITES.includes(s)) throw new Error(`unknown suite ${s} (known: ${SUITES.join(', ')})`);
  const cpuProf = flags.get('cpu-prof');
  const baseline = flags.get('baseline');
  if (baseline === 'true') throw new Error('--baseline needs a git ref (e.g. --baseline main)');
  return {
    full,
    only,
    seconds: Number(flags.get('seconds') ?? 5),
    repeat: Number(flags.get('repeat') ?? (full ? 3 : 1)),
    clients: flags.has('clients')
      ? list(flags.get('clients') ?? '')
      : full
        ? [1000, 5000, 10000]
        : [1000, 2000],
    cassettes: flags.has('cassettes')
      ? list(flags.get('cassettes') ?? '')
      : full
        ? [1000, 10000, 50000]
        : [1000, 10000],
    deliveries: Number(flags.get('deliveries') ?? 25000),
    cpuProf: cpuProf === 'true' ? 'bench-profiles' : cpuProf,
    json: flags.get('json'),
    baseline,
  };
}
