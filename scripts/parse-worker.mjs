// Bundles the store's parse worker (src/server/store/parse-worker.ts) into one self-contained
// CommonJS script, run with `new Worker(code, { eval: true })`. The build inlines it into the
// bundle (so no worker file has to be found next to a chunk); unbundled runs (tests,
// benchmarks) build it the same way at run time (src/server/store/worker-source.ts).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** The worker's JavaScript. */
export async function bundleParseWorker() {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/server/store/parse-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    target: 'node20.18',
    format: 'cjs',
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}
