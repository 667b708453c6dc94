/**
 * The page's bundle is built from client/browser.ts and must hold no Node module: it is
 * built the way scripts/build.mjs builds it, in memory, and its inputs are listed.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { webBuildOptions } from '../../scripts/web-build.mjs';

describe("the page's bundle", () => {
  it('is made of src/ only: no undici, no ws, no other package', async () => {
    const [js] = webBuildOptions('unused', '0.0.0-test');
    const result = await build({ ...js, write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => !path.startsWith('src/'))).toEqual([]);
    expect(inputs).toContain('src/client/browser.ts');
    expect(inputs).toContain('src/client/sync.ts');
    expect(inputs.filter((path) => path.includes('/node/') || path.endsWith('client/index.ts'))).toEqual([]);
  });
});
