/** `magneto-watch demo`: a temp copy of the samples, a simulated recorder, and the UI on them. */
import { rm } from 'node:fs/promises';
import { prepareDemoDir } from '../demo/demo-dir.js';
import { startDemoRecorder } from '../demo/recorder.js';
import { createMagnetoServer } from '../server/index.js';
import { watch, type WatchOptions } from './watch.js';

export interface DemoOptions extends Pick<WatchOptions, 'json' | 'view' | 'debug' | 'env'> {
  /** 0 or undefined: any free port. */
  port?: number;
  /** The sample cassettes (main.ts knows where the package put them). */
  samplesDir: string;
  /** The built web page, served at `/`. */
  pageDir: string;
}

export async function demo(o: DemoOptions): Promise<void> {
  const dir = await prepareDemoDir(o.samplesDir);
  const removeDir = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const server = createMagnetoServer({ dir, host: '127.0.0.1', port: o.port ?? 0, pageDir: o.pageDir });
  try {
    await server.listen();
  } catch (error) {
    await removeDir();
    throw error;
  }
  const recorder = startDemoRecorder({ dir });
  await watch(
    { dir, json: o.json, view: o.view, debug: o.debug, env: o.env, pageDir: o.pageDir },
    {
      server,
      notice: 'demo: simulated recorder',
      cleanup: async () => {
        recorder.stop();
        await removeDir();
      },
    },
  );
}
