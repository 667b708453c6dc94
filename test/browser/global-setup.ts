/**
 * vitest globalSetup: finds Chromium once for the whole run. The browser tests need a real
 * one (Debian's `chromium`; playwright-core cannot download its own here); without it they
 * are skipped, and this one line says so.
 */
import type { TestProject } from 'vitest/node';
import { findChromium } from './chromium-path.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Chromium's executable, or '' when there is none. */
    chromium: string;
  }
}

export default function setup(project: TestProject): void {
  const found = findChromium();
  if (!found.path) process.stdout.write(`browser tests skipped: ${found.why}\n`);
  project.provide('chromium', found.path ?? '');
}
