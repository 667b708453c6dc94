/**
 * What the build ships (npm test builds dist/ before vitest runs): `--help` and `--version`
 * load only the entry and small chunks; the engine's undici and ws, the server's fastify and
 * the UI's React and Ink load with the commands that use them. The licences travel with it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/pty.js';

const DIST = join(ROOT, 'dist');

/** The files node loads for `dist/cli.js` before running any of it: its static imports, transitively. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["'](\.{1,2}\/[^"']+)["'];?$/gm))
      visit(join(file, '..', m[1] ?? ''));
  };
  visit(entry);
  return [...seen];
}

/** The packages whose code a bundle file holds (esbuild marks each module with its path). */
function packagesIn(file: string): Set<string> {
  const text = readFileSync(file, 'utf8');
  return new Set([...text.matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1] ?? ''));
}

describe('the bundle', () => {
  it('starts without undici, ws, fastify, React or Ink: they load with the commands that need them', () => {
    const closure = staticClosure(join(DIST, 'cli.js'));
    const loaded = new Set(closure.flatMap((f) => [...packagesIn(f)]));
    expect(loaded.has('commander')).toBe(true);
    for (const heavy of ['undici', 'ws', 'fastify', 'ink', 'react', 'yoga-layout'])
      expect(loaded.has(heavy), `${heavy} is loaded at start`).toBe(false);
    // …and they are in the bundle, for the commands that do load them.
    const all = new Set(
      readdirSync(join(DIST, 'chunks')).flatMap((f) => [...packagesIn(join(DIST, 'chunks', f))]),
    );
    for (const heavy of ['undici', 'ws', 'fastify', 'ink', 'react']) expect(all.has(heavy), heavy).toBe(true);
  });

  it('has no source maps', () => {
    const files = readdirSync(DIST, { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(readFileSync(join(DIST, 'cli.js'), 'utf8')).not.toMatch(/sourceMappingURL/);
  });

  it('lists every bundled package in THIRD-PARTY-NOTICES.txt with its version and licence text', () => {
    const notices = readFileSync(join(DIST, 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    const bundled = new Set(
      readdirSync(DIST, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.js'))
        .flatMap((f) => [...packagesIn(join(DIST, f))]),
    );
    expect(bundled.size).toBeGreaterThan(50);
    for (const name of bundled) {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
        license: string;
      };
      expect(notices, name).toContain(`\n${name} ${pkg.version}  (${pkg.license})`);
    }
    const ink = readFileSync(join(ROOT, 'node_modules', 'ink', 'license'), 'utf8').trim();
    expect(notices).toContain(ink);
  });

  it('has the MIT licence at the root of the package', () => {
    expect(existsSync(join(ROOT, 'LICENSE'))).toBe(true);
    const licence = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(licence.split('\n').slice(0, 3)).toEqual([
      'MIT License',
      '',
      'Copyright (c) magneto-watch contributors',
    ]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      license: string;
      files: string[];
    };
    expect(pkg.license).toBe('MIT');
    expect(pkg.files).toEqual(expect.arrayContaining(['LICENSE', 'dist/THIRD-PARTY-NOTICES.txt']));
  });
});
