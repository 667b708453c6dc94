/**
 * What `npm pack` would publish for a commit: its files (git archive, or the working tree's
 * tracked and unignored files), built by its own scripts/build.mjs into its own dist/, then
 * `npm pack --dry-run --json`. Built under .bench-tmp/ so that imports resolve to the root's
 * node_modules (as bundle.ts does for the terminal-UI suite).
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeTempDir, trackTempDir } from '../lib/tmp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface PackageSize {
  /** The .tgz, bytes. */
  tarball: number;
  /** Every file unpacked, bytes. */
  unpacked: number;
  files: number;
}

function run(cmd: string, args: string[], cwd: string, input?: Buffer): Buffer {
  const r = spawnSync(cmd, args, { cwd, input, maxBuffer: 512 * 2 ** 20, timeout: 180_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr?.toString().slice(0, 2000)}`);
  return r.stdout;
}

async function fill(tree: string, ref: string | undefined): Promise<void> {
  if (ref !== undefined) {
    const archive = run('git', ['archive', '--format=tar', ref], ROOT);
    run('tar', ['-x', '-C', tree], tree, archive);
    return;
  }
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT)
    .toString()
    .split('\0')
    .filter((f) => f !== '' && !f.startsWith('.bench-tmp/'));
  for (const f of files) await cp(join(ROOT, f), join(tree, f), { recursive: true }).catch(() => undefined);
}

/** `ref` as committed, or the working tree when undefined. */
export async function packageSize(ref: string | undefined): Promise<PackageSize> {
  const tree = join(ROOT, '.bench-tmp', `pack-${process.pid}`);
  await rm(tree, { recursive: true, force: true });
  await mkdir(tree, { recursive: true });
  trackTempDir(tree);
  try {
    await fill(tree, ref);
    // The commit's own build, as `prepare` runs it before `npm pack`.
    run(process.execPath, ['scripts/build.mjs'], tree);
    const [info] = JSON.parse(
      run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], tree).toString(),
    ) as {
      size: number;
      unpackedSize: number;
      entryCount: number;
    }[];
    if (!info) throw new Error('npm pack --json gave nothing');
    return { tarball: info.size, unpacked: info.unpackedSize, files: info.entryCount };
  } finally {
    await removeTempDir(tree);
  }
}
