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
];

const allowed: Array<[file: string, specifier: string]> = [
  ['src/ui/state/x.ts', '../../client/types.js'],
  ['src/ui/x.ts', '../protocol/index.js'],
  ['src/server/store/x.ts', '../../protocol/index.js'],
  ['src/server/x.ts', './store/index.js'],
  ['src/client/x.ts', '../protocol/index.js'],
  ['src/cli/x.ts', '../server/index.js'],
  ['src/cli/x.ts', '../ui/index.js'],
];

describe('lint: layering of src/', () => {
  it.each(forbidden)('%s may not import %s', async (file, specifier) => {
    const messages = await restrictedImports(file, `import '${specifier}';\n`);
    expect(messages).toHaveLength(1);
  });

  it.each(allowed)('%s may import %s', async (file, specifier) => {
    expect(await restrictedImports(file, `import '${specifier}';\n`)).toEqual([]);
  });
});
