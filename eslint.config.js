import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layering (docs/architecture.md §1): `ui → client → protocol ← server`; `web` (the browser
 * page) → client, protocol; `demo` writes files like a recorder and knows only the protocol;
 * `cli` wires everything. Each folder of src/ lists the folders it may not import, as `**`
 * patterns so that a file at any depth (or a path through `../..`) is caught.
 * test/tooling/lint-boundaries.test.ts proves each rule fails when broken.
 */
const FOLDERS = ['protocol', 'client', 'server', 'ui', 'web', 'demo', 'cli'];
const ALLOWED = {
  protocol: [],
  client: ['protocol'],
  server: ['protocol'],
  ui: ['client', 'protocol'],
  web: ['client', 'protocol'],
  demo: ['protocol'],
  cli: ['protocol', 'client', 'server', 'ui', 'demo'],
};
/** What runs in a browser may load no Node module (the page's bundle is built from it). */
const NODE_ONLY = ['ws', 'undici', 'node:*'];
/** Packages that only some layers may load. */
const PACKAGES = {
  protocol: [...NODE_ONLY, 'fastify', 'react', 'ink', 'chalk'],
  client: [...NODE_ONLY, 'fastify', 'react', 'ink', 'chalk'],
  server: ['undici', 'react', 'ink', 'chalk'],
  ui: ['fastify'],
  web: [...NODE_ONLY, 'fastify', 'react', 'ink', 'chalk'],
  demo: ['ws', 'undici', 'fastify', 'react', 'ink'],
  cli: [],
};
/**
 * The client's Node entry point (index.ts and node/): the one part of the client that loads
 * undici and ws, and that the page may not import (it imports client/browser.ts).
 */
const CLIENT_NODE_ENTRY = ['src/client/index.ts', 'src/client/node/**'];
const EXTRA_PATTERNS = {
  web: [
    {
      group: ['**/client/index*', '**/client/node/**'],
      message:
        'src/web imports client/browser.ts, never the Node entry of the client (docs/architecture.md §1).',
    },
  ],
};
/** Node globals that code running in a browser must not touch. */
const BROWSER_SAFE = ['protocol', 'client', 'web'];

function importRule(folder, packages) {
  const forbidden = FOLDERS.filter((f) => f !== folder && !ALLOWED[folder].includes(f));
  const patterns = [
    ...forbidden.map((f) => ({
      group: [`**/${f}/**`, `**/${f}`],
      message: `src/${folder} may not import src/${f} (docs/architecture.md §1).`,
    })),
    ...(EXTRA_PATTERNS[folder] ?? []),
    ...(packages.length > 0
      ? [{ group: packages, message: `src/${folder} may not load this package (docs/architecture.md §1).` }]
      : []),
  ];
  return ['error', { patterns }];
}

function layering() {
  const configs = FOLDERS.map((folder) => {
    const config = {
      files: [`src/${folder}/**/*.{ts,tsx}`],
      ...(folder === 'client' ? { ignores: CLIENT_NODE_ENTRY } : {}),
      rules: { 'no-restricted-imports': importRule(folder, PACKAGES[folder]) },
    };
    if (BROWSER_SAFE.includes(folder)) config.rules['no-restricted-globals'] = ['error', 'process', 'Buffer'];
    return config;
  });
  configs.push({
    files: CLIENT_NODE_ENTRY,
    rules: {
      'no-restricted-imports': importRule('client', ['fastify', 'react', 'ink', 'chalk']),
      'no-restricted-globals': ['error', 'process'],
    },
  });
  return configs;
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
