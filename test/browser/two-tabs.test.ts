/**
 * The original plan's acceptance test ("create in tab 1 → appears in tab 2", PHASE-3.2
 * §Intégration), in real Chromium, on the page served by a real `serve` process over a
 * temp directory. Every wait is on an event of the page, bounded; nothing sleeps.
 */
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cassetteJson, makeSandbox, type Sandbox } from '../helpers/sandbox.js';
import { startServe } from '../helpers/serve-process.js';
import { launchChromium, screenshot, type Chromium } from './chromium.js';
import {
  WAIT_MS,
  recordRowAnimations,
  rowAnimations,
  serverRows,
  waitBadge,
  waitRows,
  waitToast,
} from './live-page.js';

const CHROMIUM = inject('chromium');

/** Writes a cassette the way a recorder does: a temp file, then a rename. */
async function recordOnDisk(dir: string, name: string): Promise<void> {
  const temp = join(dir, `.${name}.tmp`);
  await writeFile(temp, cassetteJson(name, { description: 'written on disk' }));
  await rename(temp, join(dir, `${name}.json`));
}

describe.skipIf(!CHROMIUM)('the live page in two Chromium tabs', () => {
  let browser: Chromium;
  let box: Sandbox;

  beforeAll(async () => {
    browser = await launchChromium(CHROMIUM);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await box?.remove();
  });

  async function openTab(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${url}/`);
    await waitBadge(page, 'Live');
    await recordRowAnimations(page);
    return page;
  }

  it(
    'shows a cassette created in tab 1 in tab 2 and one deleted in tab 2 leaves tab 1, ' +
      'shows files written on disk in both, says Reconnecting… in both while the server is down, ' +
      'and is Live and equal to GET /api/cassettes in both once it is back',
    async () => {
      box = await makeSandbox({ fixtures: true });
      const serve = await startServe({ dir: box.dir });
      const [tab1, tab2] = [await openTab(serve.url), await openTab(serve.url)] as const;
      for (const tab of [tab1, tab2]) await waitRows(tab, await serverRows(serve.url));

      // Create in tab 1, with the keyboard: n opens the form, Enter in the name creates.
      await tab1.keyboard.press('n');
      await tab1.locator('#create-name').fill('made-in-tab-1');
      await tab1.locator('#create-description').fill('created by the two-tab test');
      await tab1.locator('#create-name').press('Enter');
      await tab1.locator('#create-dialog').waitFor({ state: 'hidden', timeout: WAIT_MS });
      await waitToast(tab2, 'New cassette: made-in-tab-1');
      await waitRows(tab2, await serverRows(serve.url));
      expect(await rowAnimations(tab2)).toContainEqual({ name: 'made-in-tab-1', animation: 'row-in' });

      // Delete in tab 2, after the confirmation; it fades out of tab 1.
      await tab2.locator('tr[data-name="made-in-tab-1"] button[data-action="remove"]').click();
      await expect(tab2.locator('#delete-name').textContent()).resolves.toBe('made-in-tab-1');
      await tab2.locator('#delete-confirm').click();
      await waitToast(tab1, 'Cassette deleted: made-in-tab-1');
      await tab1.locator('tr[data-name="made-in-tab-1"]').waitFor({ state: 'detached', timeout: WAIT_MS });
      expect(await rowAnimations(tab1)).toContainEqual({ name: 'made-in-tab-1', animation: 'row-out' });

      // A file the recorder writes appears in both.
      await recordOnDisk(box.dir, 'recorded-on-disk');
      for (const tab of [tab1, tab2]) {
        await waitToast(tab, 'New cassette: recorded-on-disk');
        await waitRows(tab, await serverRows(serve.url));
      }

      await screenshot(tab1, 'page-1280x800', 1280, 800);
      await tab2.emulateMedia({ colorScheme: 'dark' });
      await screenshot(tab2, 'page-360x740-dark', 360, 740);

      // The server dies: both say so; a file written meanwhile is there once it is back.
      await serve.kill9();
      for (const tab of [tab1, tab2]) await waitBadge(tab, 'Reconnecting…');
      await recordOnDisk(box.dir, 'written-while-down');
      await serve.restart();
      const listed = await serverRows(serve.url);
      expect(listed.map((r) => r.name)).toContain('written-while-down');
      for (const tab of [tab1, tab2]) {
        await waitBadge(tab, 'Live');
        await waitRows(tab, listed);
      }
    },
    120_000,
  );
});
