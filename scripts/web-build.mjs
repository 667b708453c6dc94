// The web page (protocol.md §7): src/web bundled for browsers into <outdir>/web — one
// app.js, one app.css and index.html — which the server reads at listen and serves at `/`.
// The page imports client/browser.ts, so the bundle holds neither undici nor ws: building
// for the browser platform fails if a Node module slips in.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Browsers with <dialog>, `inert` and ES2022: the last two years of each engine. */
export const WEB_TARGET = ['chrome111', 'edge111', 'firefox112', 'safari16.4'];

/** The esbuild options of the page's script and stylesheet. */
export function webBuildOptions(outdir, version) {
  const common = {
    bundle: true,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    target: WEB_TARGET,
  };
  return [
    {
      ...common,
      entryPoints: ['src/web/main.ts'],
      outfile: join(outdir, 'web', 'app.js'),
      platform: 'browser',
      format: 'esm',
      define: { __MAGNETO_VERSION__: JSON.stringify(version) },
    },
    { ...common, entryPoints: ['src/web/app.css'], outfile: join(outdir, 'web', 'app.css') },
  ];
}

export async function buildWeb(outdir, version) {
  await mkdir(join(outdir, 'web'), { recursive: true });
  await Promise.all([
    ...webBuildOptions(outdir, version).map((options) => build(options)),
    copyFile('src/web/index.html', join(outdir, 'web', 'index.html')),
  ]);
}
