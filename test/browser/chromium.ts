/**
 * Headless Chromium for the browser tests, driven by playwright-core: Debian's binary, a
 * fresh profile per launch, no network of its own (no updates, sync or QUIC), and the
 * page's screenshots in test-results/ (git-ignored) for a person to look at.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from '../helpers/pty.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOTS = join(ROOT, 'test-results');

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(
  executablePath: string,
  options: { reducedMotion?: 'reduce' | 'no-preference' } = {},
): Promise<Chromium> {
  const profile = await mkdtemp(join(tmpdir(), 'mw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    reducedMotion: options.reducedMotion ?? 'no-preference',
    timeout: 30_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot of `page` at `width`×`height` as test-results/<name>.png. */
export async function screenshot(page: Page, name: string, width: number, height: number): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width, height });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
