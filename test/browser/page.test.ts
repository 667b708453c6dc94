/**
 * The live page in Chromium beyond the two-tab story: the token, server strings as text,
 * reduced motion, and a page that runs under its own CSP without a violation.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cassetteJson, makeSandbox, type Sandbox } from '../helpers/sandbox.js';
import { startServe } from '../helpers/serve-process.js';
import { launchChromium, type Chromium } from './chromium.js';
import { WAIT_MS, recordRowAnimations, rowAnimations, serverRows, waitBadge, waitRows } from './live-page.js';

const CHROMIUM = inject('chromium');

describe.skipIf(!CHROMIUM)('the live page in Chromium', () => {
  let browser: Chromium;
  const boxes: Sandbox[] = [];

  beforeAll(async () => {
    browser = await launchChromium(CHROMIUM);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    for (const box of boxes) await box.remove();
  });

  async function sandbox(): Promise<Sandbox> {
    const box = await makeSandbox();
    boxes.push(box);
    return box;
  }

  /** A new tab that collects its console errors and uncaught exceptions. */
  async function tab(): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return { page, problems };
  }

  it('asks for the token, keeps it in the tab (never in a URL) and goes live with it', async () => {
    const TOKEN = 'tok-page-4c1d';
    const box = await sandbox();
    const serve = await startServe({ dir: box.dir, args: ['--token', TOKEN] });
    const { page } = await tab();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    page.on('websocket', (ws) => urls.push(ws.url()));

    await page.goto(`${serve.url}/`);
    await waitBadge(page, 'Token needed');
    await expect(page.locator('#token-reason').textContent()).resolves.toBe(
      'This server needs a token (serve --token). Paste it to connect.',
    );
    // Nothing is listed yet: no count and no "No cassettes yet.".
    await expect(page.locator('#count').textContent()).resolves.toBe('');
    expect(await page.locator('#empty').isHidden()).toBe(true);
    await page.locator('#token-input').fill('not-the-token');
    await page.locator('#token-input').press('Enter');
    await page.waitForFunction(
      () => document.getElementById('token-reason')?.textContent?.startsWith('The server refused this token'),
      null,
      { timeout: WAIT_MS },
    );
    await page.locator('#token-input').fill(TOKEN);
    await page.locator('#token-input').press('Enter');
    await waitBadge(page, 'Live');
    await waitRows(page, await serverRows(serve.url, TOKEN));
    expect(await page.locator('#token-panel').isHidden()).toBe(true);

    await page.reload();
    await waitBadge(page, 'Live');
    expect(await page.evaluate(() => sessionStorage.getItem('magneto-watch.token'))).toBe(TOKEN);
    expect(urls.length).toBeGreaterThan(4);
    expect(urls.filter((u) => u.includes(TOKEN))).toEqual([]);
    expect(serve.stdout() + serve.stderr()).not.toContain(TOKEN);
  }, 60_000);

  it('shows names and descriptions as text, never as HTML, and runs under its CSP without a violation', async () => {
    const box = await sandbox();
    const html = '<img src=x onerror="window.pwned=1"><b>bold</b>';
    await writeFile(join(box.dir, '<i>tag.json'), cassetteJson('<i>tag', { description: html }));
    const serve = await startServe({ dir: box.dir });
    const { page, problems } = await tab();
    await page.goto(`${serve.url}/`);
    await waitBadge(page, 'Live');
    await waitRows(page, await serverRows(serve.url));
    const row = page.locator('tr[data-name="<i>tag"]');
    await expect(row.locator('td.description').textContent()).resolves.toBe(html);
    await expect(row.locator('button[data-action="details"]').textContent()).resolves.toBe('<i>tag');
    expect(await page.evaluate(() => document.querySelectorAll('#rows img, #rows b, #rows i').length)).toBe(
      0,
    );
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    // The details, the same way.
    await row.locator('button[data-action="details"]').click();
    await page.waitForFunction(() => document.querySelector('#details-fields dd') !== null, null, {
      timeout: WAIT_MS,
    });
    await expect(page.locator('#details-title').textContent()).resolves.toBe('<i>tag');
    await expect(page.locator('#details-fields dd').first().textContent()).resolves.toBe(html);
    expect(problems).toEqual([]);
  }, 60_000);

  it('with reduced motion, rows appear and leave without animating', async () => {
    const box = await sandbox();
    const serve = await startServe({ dir: box.dir });
    const { page } = await tab();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${serve.url}/`);
    await waitBadge(page, 'Live');
    await recordRowAnimations(page);
    const post = await request(`${serve.url}/api/cassettes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'calm' }),
    });
    expect(post.statusCode).toBe(201);
    await page.locator('tr[data-name="calm"]').waitFor({ timeout: WAIT_MS });
    const del = await request(`${serve.url}/api/cassettes/calm`, { method: 'DELETE' });
    expect(del.statusCode).toBe(204);
    await page.locator('tr[data-name="calm"]').waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await rowAnimations(page)).toEqual([]);
    // The same page allowing motion again: a new row fades in.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await request(`${serve.url}/api/cassettes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'lively' }),
    });
    await page.waitForFunction(
      () =>
        (window as unknown as { rowAnimations: { name: string }[] }).rowAnimations.some(
          (a) => a.name === 'lively',
        ),
      null,
      { timeout: WAIT_MS },
    );
    expect(await rowAnimations(page)).toEqual([{ name: 'lively', animation: 'row-in' }]);
  }, 60_000);
});
