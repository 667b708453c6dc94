// Bundles src/cli.ts and everything it imports into dist/cli.js, so that the
// installed bin loads one file (cold start) and needs no runtime dependencies.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// ink imports react-devtools-core only when DEV=true; an empty module keeps the bundle whole.
const stubDevtools = {
  name: 'stub-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default {};', loader: 'js' }));
  },
};

await build({
  entryPoints: [process.env.MW_ENTRY ?? 'src/cli.ts'],
  outfile: process.env.MW_OUT ?? 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20.18',
  format: 'esm',
  minify: false,
  sourcemap: 'linked',
  legalComments: 'none',
  // ws's optional native helpers, loaded only if installed.
  external: ['bufferutil', 'utf-8-validate'],
  plugins: [stubDevtools],
  define: {
    'process.env.NODE_ENV': '"production"',
    __MAGNETO_VERSION__: JSON.stringify(pkg.version),
  },
  banner: {
    js: "import { createRequire as __mwCreateRequire } from 'node:module'; const require = __mwCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
