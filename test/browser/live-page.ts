/**
 * What the two-tab tests read off the live page: its badge, its rows, and the row
 * animations it played (recorded in the page by a MutationObserver, so a fade that lasts
 * less than a poll is still seen).
 */
import { request } from 'undici';
import type { Page } from 'playwright-core';
import type { CassetteSummary } from '../../src/protocol/index.js';
import { compareNames } from '../../src/web/rows.js';

/** Bound of every wait on the page. */
export const WAIT_MS = 20_000;

/** A row as the page shows it and as the server lists it. */
export interface ShownRow {
  name: string;
  description: string;
  mode: string;
  interactions: string;
}

/** A CSS animation that started on a row: the fade-in, flash or fade-out the page played. */
export interface RowAnimation {
  name: string;
  animation: string;
}

export async function waitBadge(page: Page, label: string): Promise<void> {
  await page.waitForFunction((want) => document.getElementById('badge-label')?.textContent === want, label, {
    timeout: WAIT_MS,
  });
}

/** The rows shown, in order; rows fading out are leaving and not counted. */
export function pageRows(page: Page): Promise<ShownRow[]> {
  return page.$$eval('#rows tr:not([data-change="deleted"])', (trs) =>
    trs.map((tr) => ({
      name: (tr as HTMLElement).dataset.name ?? '',
      description: tr.querySelector('td.description')?.textContent ?? '',
      mode: tr.querySelector('td.mode')?.textContent ?? '',
      interactions: tr.querySelector('td.interactions')?.textContent ?? '',
    })),
  );
}

/** `GET /api/cassettes` as the page would show it, in the page's order. */
export async function serverRows(url: string, token?: string): Promise<ShownRow[]> {
  const res = await request(`${url}/api/cassettes`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const body = (await res.body.json()) as { 'hydra:member': CassetteSummary[] };
  return body['hydra:member']
    .map((s) => ({
      name: s.name,
      description: s.description ?? '',
      mode: s.mode ?? 'auto',
      interactions: s.interactions_count === null ? '—' : String(s.interactions_count),
    }))
    .sort((a, b) => compareNames(a.name, b.name));
}

/** Waits until the page shows exactly `rows` (order included). */
export async function waitRows(page: Page, rows: ShownRow[]): Promise<void> {
  await page
    .waitForFunction(
      (want) => {
        const shown = [
          ...document.querySelectorAll<HTMLElement>('#rows tr:not([data-change="deleted"])'),
        ].map((tr) => ({
          name: tr.dataset.name ?? '',
          description: tr.querySelector('td.description')?.textContent ?? '',
          mode: tr.querySelector('td.mode')?.textContent ?? '',
          interactions: tr.querySelector('td.interactions')?.textContent ?? '',
        }));
        return JSON.stringify(shown) === want;
      },
      JSON.stringify(rows),
      { timeout: WAIT_MS },
    )
    .catch(async (error: Error) => {
      throw new Error(
        `${error.message}\nshown:  ${JSON.stringify(await pageRows(page))}\nserver: ${JSON.stringify(rows)}`,
      );
    });
}

/**
 * Starts recording every CSS animation that starts on a row (its `animationstart` event:
 * the fade really ran, however short it is).
 */
export async function recordRowAnimations(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: RowAnimation[] = [];
    (window as unknown as { rowAnimations: RowAnimation[] }).rowAnimations = seen;
    document.getElementById('rows')?.addEventListener('animationstart', (event) => {
      const tr = (event.target as HTMLElement).closest('tr');
      if (tr) seen.push({ name: tr.dataset.name ?? '', animation: event.animationName });
    });
  });
}

export function rowAnimations(page: Page): Promise<RowAnimation[]> {
  return page.evaluate(() => (window as unknown as { rowAnimations: RowAnimation[] }).rowAnimations);
}

/** Waits for a notice with exactly this text. */
export async function waitToast(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (want) => [...document.querySelectorAll('#toasts .toast span')].some((s) => s.textContent === want),
    text,
    { timeout: WAIT_MS },
  );
}
