import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { attachOrHost } from '../../src/cli/host.js';
import { createMagnetoServer, type ServerOptions } from '../../src/server/index.js';

describe('embedded host', () => {
  it('listens before its index is complete, so the terminal starts at once (protocol.md §3.7)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-host-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await cp(new URL('../fixtures/cassettes/', import.meta.url), dir, { recursive: true });
    const asked: ServerOptions[] = [];
    const hosted = await attachOrHost(dir, {
      port: 0,
      createServer: (options) => {
        asked.push(options);
        return createMagnetoServer(options);
      },
    });
    onTestFinished(() => hosted.server?.close());
    expect(asked).toEqual([expect.objectContaining({ dir, indexInBackground: true })]);
    await hosted.server?.store.start();
    expect(hosted.server?.store.list()).toHaveLength(7);
  });

  it('indexes first when told to, for NDJSON output and its complete first Snapshot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-host-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await cp(new URL('../fixtures/cassettes/', import.meta.url), dir, { recursive: true });
    const hosted = await attachOrHost(dir, { port: 0, indexInBackground: false });
    onTestFinished(() => hosted.server?.close());
    // listen() resolved: the index is complete, no creation event was needed.
    expect(hosted.server?.store.list()).toHaveLength(7);
    expect(hosted.server?.seq).toBe(0);
  });
});
