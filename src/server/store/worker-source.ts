/** Set by scripts/build.mjs to the bundled parse worker's code. */
declare const __MW_PARSE_WORKER__: string | undefined;

let built: Promise<string> | undefined;

/**
 * The parse worker's JavaScript, a self-contained script for `new Worker(code, { eval: true })`:
 * inlined in the bundle, so it is found wherever the store's chunk lies. Unbundled (tests and
 * benchmarks run the TypeScript sources) it is bundled once, at first use, by the same
 * script the build uses.
 */
export function parseWorkerSource(): Promise<string> {
  if (typeof __MW_PARSE_WORKER__ === 'string') return Promise.resolve(__MW_PARSE_WORKER__);
  // A computed specifier: the bundle never includes the build script nor esbuild.
  const script = new URL('../../../scripts/parse-worker.mjs', import.meta.url).href;
  built ??= (import(script) as Promise<{ bundleParseWorker: () => Promise<string> }>).then((m) =>
    m.bundleParseWorker(),
  );
  return built;
}
