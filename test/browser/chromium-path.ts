import { accessSync, constants } from 'node:fs';

/** Where Debian's `chromium` package puts it (.ci/run installs it). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** `MW_CHROMIUM`, else /usr/bin/chromium, when it is an executable; else why not. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { path?: string; why: string } {
  const path = env.MW_CHROMIUM || DEFAULT_CHROMIUM;
  try {
    accessSync(path, constants.X_OK);
    return { path, why: '' };
  } catch {
    return {
      why: `no Chromium at ${path} (apt-get install chromium, or set MW_CHROMIUM to its path)`,
    };
  }
}
