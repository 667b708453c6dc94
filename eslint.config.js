import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layering (docs/architecture.md §1): `ui → client → protocol ← server`; `demo` writes files like a recorder and
 * knows only the protocol; `cli` wires everything. Each folder of src/ lists the folders it may
 * not import, as `**` patterns so that a file at any depth (or a path through `../..`) is caught.
 * test/lint-boundaries.test.ts proves each rule fails when broken.
 */
const FOLDERS = ['protocol', 'client', 'server', 'ui', 'demo', 'cli'];
const ALLOWED = {
  protocol: [],
  client: ['protocol'],
  server: ['protocol'],
  ui: ['client', 'protocol'],
  demo: ['protocol'],
  cli: ['protocol', 'client', 'server', 'ui', 'demo'],
};
/** Packages that only some layers may load (the browser build of the client must not pull ws or undici in through protocol). */
const PACKAGES = {
  protocol: ['ws', 'undici', 'fastify', 'react', 'ink', 'chalk', 'node:*'],
  client: ['fastify', 'react', 'ink', 'chalk'],
  server: ['undici', 'react', 'ink', 'chalk'],
  ui: ['fastify'],
  demo: ['ws', 'undici', 'fastify', 'react', 'ink'],
  cli: [],
};

function layering() {
  return FOLDERS.map((folder) => {
    const forbidden = FOLDERS.filter((f) => f !== folder && !ALLOWED[folder].includes(f));
    const patterns = [
      ...forbidden.map((f) => ({
        group: [`**/${f}/**`, `**/${f}`],
        message: `src/${folder} may not import src/${f} (docs/architecture.md §1).`,
      })),
      ...(PACKAGES[folder].length > 0
        ? [
            {
              group: PACKAGES[folder],
              message: `src/${folder} may not load this package (docs/architecture.md §1).`,
            },
          ]
        : []),
    ];
    const config = {
      files: [`src/${folder}/**/*.{ts,tsx}`],
      rules: { 'no-restricted-imports': ['error', { patterns }] },
    };
    if (folder === 'client' || folder === 'protocol')
      config.rules['no-restricted-globals'] = ['error', 'process'];
    return config;
  });
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.bench-tmp/', '.ci/cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        clearImmediate: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        performance: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-control-regex': 'off',
    },
  },
  ...layering(),
);
