/**
 * The CLI bundles the terminal-UI suite runs: the working tree's CLI entry and,
 * with --baseline, another commit's. Both are built the same way: the build
 * inputs are copied into .bench-tmp/tree-<pid>/ (inside the repo, so that
 * imports resolve to the root's node_modules) and that copy's own
 * scripts/build.mjs writes the bundle into a temp directory (dist/ is left
 * alone). Building both from the same path, one after the other, makes the
 * bundles of one commit byte-identical: esbuild names CommonJS modules by their
 * relative path, and the chunk hashes cover the source map's paths.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeTempDir, tempDir, trackTempDir } from '../lib/tmp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Gitignored and eslint-ignored. */
const TREES = join(ROOT, '.bench-tmp');
/** What a build needs from a tree; esbuild reads tsconfig.json for the JSX settings. */
const BUILD_INPUTS = ['src', 'scripts', 'package.json', 'tsconfig.json'];

export interface Bundle {
  side: 'baseline' | 'current';
  /** Short commit id, with "+changes" when the working tree differs from it. */
  label: string;
  sha: string;
  /** The bundled entry point: `node <cli> --url …`. */
  cli: string;
  /** sha256 of the bundle's .js files (chunk names included), to see when two sides are the same code. */
  digest: string;
}

function git(args: string[]): string {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

function digest(dir: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  for (const f of files.sort()) hash.update(f).update(readFileSync(join(dir, f)));
  return hash.digest('hex').slice(0, 12);
}

/** Runs `<tree>/scripts/build.mjs` with cwd = tree; returns the bundle's cli.js. */
async function build(tree: string, side: Bundle['side']): Promise<string> {
  const out = await tempDir(`tui-${side}`);
  const cli = join(out, 'cli.js');
  // src/cli/main.ts since the layout change; src/cli.ts before it.
  const entry = ['src/cli/main.ts', 'src/cli.ts'].map((e) => join(tree, e)).find((e) => existsSync(e)) ?? '';
  const r = spawnSync(process.execPath, [join(tree, 'scripts/build.mjs')], {
    cwd: tree,
    // MW_OUTDIR since the split build (14e6366); MW_OUT for the single-file build before it.
    env: { ...process.env, MW_ENTRY: entry, MW_OUTDIR: out, MW_OUT: cli },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0 || !existsSync(cli))
    throw new Error(`bundling ${side} ${entry} failed:\n${(r.stderr || r.stdout || '').slice(0, 2000)}`);
  return cli;
}

/**
 * Builds in .bench-tmp/tree-<pid>/, filled by `fill`, and removes the tree
 * afterwards; the same path for both sides (so call it for one side at a time).
 */
async function buildIn(
  side: Bundle['side'],
  fill: (tree: string) => Promise<void>,
): Promise<{ cli: string; digest: string }> {
  const tree = join(TREES, `tree-${process.pid}`);
  await rm(tree, { recursive: true, force: true });
  await mkdir(tree, { recursive: true });
  trackTempDir(tree);
  try {
    await fill(tree);
    const cli = await build(tree, side);
    return { cli, digest: digest(join(cli, '..')) };
  } finally {
    await removeTempDir(tree);
    await rmdir(TREES).catch(() => {}); // only when empty: another run may be using it
  }
}

/** The working tree as it is now, uncommitted changes included. */
export async function buildCurrent(): Promise<Bundle> {
  const sha = git(['rev-parse', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--', ...BUILD_INPUTS]) !== '';
  const built = await buildIn('current', async (tree) => {
    for (const p of BUILD_INPUTS) await cp(join(ROOT, p), join(tree, p), { recursive: true });
  });
  return { side: 'current', label: sha.slice(0, 7) + (dirty ? '+changes' : ''), sha, ...built };
}

/** `ref` as committed, extracted with `git archive`; built against today's node_modules. */
export async function buildRef(ref: string): Promise<Bundle> {
  let sha: string;
  try {
    sha = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new Error(`--baseline ${ref}: not a commit in this repository`);
  }
  const present = new Set(git(['ls-tree', '--name-only', sha]).split('\n'));
  const paths = BUILD_INPUTS.filter((p) => present.has(p));
  const built = await buildIn('baseline', async (tree) => {
    const archive = spawnSync('git', ['archive', '--format=tar', sha, '--', ...paths], {
      cwd: ROOT,
      maxBuffer: 512 * 2 ** 20,
    });
    if (archive.status !== 0) throw new Error(`git archive ${sha}: ${archive.stderr.toString()}`);
    const tar = spawnSync('tar', ['-x', '-C', tree], { input: archive.stdout });
    if (tar.status !== 0) throw new Error(`tar -x: ${tar.stderr.toString()}`);
  });
  return { side: 'baseline', label: sha.slice(0, 7), sha, ...built };
}
