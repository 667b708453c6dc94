/**
 * The layering of src/ (architecture.md §1: ui → client → protocol ← server) is enforced by lint, at
 * any depth. Each case lints a one-line file placed in a folder and expects the rule to fire.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const forbidden: Array<[file: string, specifier: string]> = [
  ['src/ui/state/x.ts', '../../server/index.js'],
  ['src/ui/x.ts', '../server/hub.js'],
  ['src/ui/render/deep/x.ts', '../../../server/store/store.js'],
  ['src/server/x.ts', '../client/index.js'],
  ['src/server/store/x.ts', '../../client/types.js'],
  ['src/server/store/x.ts', '../../ui/index.js'],
  ['src/server/x.ts', '../cli/host.js'],
  ['src/client/x.ts', '../server/index.js'],
  ['src/client/x.ts', '../ui/state/types.js'],
  ['src/protocol/x.ts', '../client/index.js'],
  ['src/protocol/x.ts', '../server/types.js'],
  ['src/demo/x.ts', '../server/index.js'],
  ['src/ui/x.ts', '../cli/main.js'],
  ['src/ui/x.ts', 'fastify'],
  ['src/server/x.ts', 'react'],
  ['src/server/x.ts', 'ink'],
  ['src/client/x.ts', 'ink'],
  ['src/protocol/x.ts', 'ws'],
  ['src/protocol/x.ts', 'node:fs'],
  ['src/client/x.ts', 'ws'],
  ['src/client/x.ts', 'undici'],
  ['src/client/deep/x.ts', 'node:events'],
  ['src/web/x.ts', '../client/index.js'],
  ['src/web/view/x.ts', '../../client/node/ws-wire.js'],
  ['src/web/x.ts', '../ui/render/sanitize.js'],
  ['src/web/x.ts', '../server/index.js'],
  ['src/web/x.ts', 'ws'],
  ['src/web/x.ts', 'node:path'],
  ['src/server/x.ts', '../web/main.js'],
  ['src/ui/x.ts', '../web/main.js'],
];

const allowed: Array<[file: string, specifier: string]> = [
  ['src/ui/state/x.ts', '../../client/types.js'],
  ['src/ui/x.ts', '../protocol/index.js'],
  ['src/server/store/x.ts', '../../protocol/index.js'],
  ['src/server/x.ts', './store/index.js'],
  ['src/client/x.ts', '../protocol/index.js'],
  ['src/cli/x.ts', '../server/index.js'],
  ['src/cli/x.ts', '../ui/index.js'],
  ['src/client/node/x.ts', 'ws'],
  ['src/client/node/x.ts', 'undici'],
  ['src/client/index.ts', './node/create-sync.js'],
  ['src/web/x.ts', '../client/browser.js'],
  ['src/web/view/x.ts', '../../protocol/index.js'],
];

async function restrictedGlobals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

const nodeGlobals: Array<[file: string, name: string, flagged: boolean]> = [
  ['src/protocol/x.ts', 'Buffer', true],
  ['src/client/x.ts', 'Buffer', true],
  ['src/client/x.ts', 'process', true],
  ['src/web/x.ts', 'Buffer', true],
  ['src/web/x.ts', 'process', true],
  ['src/client/node/x.ts', 'Buffer', false],
  ['src/server/x.ts', 'Buffer', false],
];

describe('lint: layering of src/', () => {
  it.each(forbidden)('%s may not import %s', async (file, specifier) => {
    const messages = await restrictedImports(file, `import '${specifier}';\n`);
    expect(messages).toHaveLength(1);
  });

  it.each(allowed)('%s may import %s', async (file, specifier) => {
    expect(await restrictedImports(file, `import '${specifier}';\n`)).toEqual([]);
  });

  it.each(nodeGlobals)('%s using %s is flagged: %s', async (file, name, flagged) => {
    expect(await restrictedGlobals(file, `export const x = typeof ${name};\n`)).toHaveLength(flagged ? 1 : 0);
  });
});
