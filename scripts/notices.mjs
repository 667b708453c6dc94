// Third-party notices for the bundle: esbuild's metafile says which files of which packages
// went into dist/; for each package, its name, version, licence and the licence text it ships.
// The bundle drops licence comments (legalComments: 'none'), so this file carries them.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RULE = '='.repeat(80);

/** `node_modules/a/node_modules/@s/b/lib/x.js` → `node_modules/a/node_modules/@s/b`. */
function packageDir(input) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m?.[1];
}

function licenceOf(pkg) {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license && typeof pkg.license.type === 'string') return pkg.license.type;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type ?? l).join(' OR ');
  return 'UNKNOWN';
}

/** The package's licence file, then its NOTICE file if it has one (Apache-2.0 asks for both). */
function licenceText(dir) {
  const files = readdirSync(dir).sort();
  const licence = files.find((f) => /^(licen[cs]e|copying)([-.][\w.-]*)?$/i.test(f));
  const notice = files.find((f) => /^notice([-.][\w.-]*)?$/i.test(f));
  const texts = [licence, notice]
    .filter((f) => f !== undefined)
    .map((f) => readFileSync(join(dir, f), 'utf8').trimEnd());
  return texts.length > 0 ? texts.join('\n\n') : undefined;
}

/**
 * The packages whose code is in the outputs (bytes in the bundle > 0), each once, by name.
 * @param {import('esbuild').Metafile} metafile
 * @param {string} root the folder the metafile's paths are relative to
 */
export function bundledPackages(metafile, root) {
  const dirs = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const dir = bytesInOutput > 0 ? packageDir(input) : undefined;
      if (dir !== undefined) dirs.add(dir);
    }
  }
  const byKey = new Map();
  for (const dir of dirs) {
    const path = join(root, dir);
    if (!existsSync(join(path, 'package.json'))) continue;
    const pkg = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
    // A package's subfolders may hold a package.json of their own (`"type": "module"`): skip those.
    if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string') continue;
    byKey.set(`${pkg.name}@${pkg.version}`, {
      name: pkg.name,
      version: pkg.version,
      licence: licenceOf(pkg),
      text: licenceText(path),
      homepage: typeof pkg.homepage === 'string' ? pkg.homepage : undefined,
    });
  }
  return [...byKey.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Writes `<outdir>/THIRD-PARTY-NOTICES.txt`; returns the packages listed. */
export function writeNotices(metafile, root, outdir, product) {
  const packages = bundledPackages(metafile, root);
  const parts = [
    `${product} bundles the code of the ${packages.length} packages below into dist/.`,
    'Each is listed with its version, its licence and the licence text it ships.',
  ];
  for (const p of packages) {
    parts.push(
      '',
      RULE,
      `${p.name} ${p.version}  (${p.licence})${p.homepage ? `  ${p.homepage}` : ''}`,
      RULE,
      '',
      p.text ?? `The package ships no licence file; its package.json declares the licence ${p.licence}.`,
    );
  }
  writeFileSync(join(outdir, 'THIRD-PARTY-NOTICES.txt'), parts.join('\n') + '\n');
  return packages;
}
