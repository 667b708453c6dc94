// Bundles src/cli/main.ts and everything it imports into dist/ (dist/cli.js plus chunks), so the
// installed bin needs no runtime dependencies and starts fast. The server (fastify) is a
// separate chunk: a terminal attached with --url never loads it (~20 MB less RSS).
// The web page is built for browsers into dist/web (web-build.mjs).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { writeNotices } from './notices.mjs';
import { bundleParseWorker } from './parse-worker.mjs';
import { buildWeb } from './web-build.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// ink imports react-devtools-core only when DEV=true; an empty module keeps the bundle whole.
const stubDevtools = {
  name: 'stub-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({
      path: 'react-devtools-core',
      namespace: 'stub',
    }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default {};', loader: 'js' }));
  },
};

const outdir = process.env.MW_OUTDIR ?? 'dist';
// Chunk names change with their content: a stale chunk left in dist/ would be packed.
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  entryPoints: { cli: process.env.MW_ENTRY ?? 'src/cli/main.ts' },
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20.18',
  format: 'esm',
  minify: false,
  // Nothing loads source maps at run time; MW_SOURCEMAP=1 writes them for profiling.
  sourcemap: process.env.MW_SOURCEMAP === '1' ? 'linked' : false,
  // The licences are in THIRD-PARTY-NOTICES.txt (scripts/notices.mjs), not scattered in the code.
  legalComments: 'none',
  metafile: true,
  // ws's optional native helpers, loaded only if installed.
  external: ['bufferutil', 'utf-8-validate'],
  plugins: [stubDevtools],
  define: {
    'process.env.NODE_ENV': '"production"',
    __MAGNETO_VERSION__: JSON.stringify(pkg.version),
    // The store's parse worker, inlined: it runs from a string, wherever the chunk lies.
    __MW_PARSE_WORKER__: JSON.stringify(await bundleParseWorker()),
  },
  banner: {
    js: "import { createRequire as __mwCreateRequire } from 'node:module'; const require = __mwCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// Third-party notices (package.json `files`): every bundled package's licence text.
writeNotices(result.metafile, process.cwd(), outdir, `magneto-watch ${pkg.version}`);

// The bench builds old commits (MW_ENTRY) that have no page.
if (!process.env.MW_ENTRY) await buildWeb(outdir, pkg.version);
