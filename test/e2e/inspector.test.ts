/**
 * The interaction inspector on the real bin in a pseudo-terminal (issue 9, Deliver §4, §6):
 * against a real server over a temp copy of test/fixtures/inspect, and against a fake
 * upstream magneto-serge v0.7 serving the same cassette. Needs `npm run build`.
 */
import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startFakeUpstream, upstreamCassette } from '../helpers/fake-upstream.js';
import { Keys, spawnWatch, type PtySession } from '../helpers/pty.js';
import { makeSandbox } from '../helpers/sandbox.js';
import { rowNamed } from '../helpers/screen-rows.js';
import { startServe } from '../helpers/serve-process.js';

const INSPECT_FIXTURES = fileURLToPath(new URL('../fixtures/inspect/', import.meta.url));
/** The JWT leaky-auth.json records in its Authorization header: never on screen whole. */
const JWT_TAIL = 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

const has =
  (...texts: string[]) =>
  (lines: string[]): boolean =>
    texts.every((t) => lines.some((l) => l === t));

/** From the table: the details of leaky-auth, then its first interaction in the inspector. */
async function openLeakyAuth(t: PtySession): Promise<void> {
  await t.waitFor((l) => rowNamed(l, 'leaky-auth') !== undefined);
  t.press('j');
  await t.waitFor((l) => rowNamed(l, 'leaky-auth')?.selected === true);
  t.press(Keys.enter);
  await t.waitFor(/#\s+METHOD\s+STATUS/);
  t.press(Keys.enter);
  await t.waitFor(/\[Request\]/);
}

/** The request tab shows the masked Authorization value; Tab shows the response's pretty JSON; Esc goes back. */
async function walkLeakyAuth(t: PtySession): Promise<void> {
  await t.waitFor(has(' authorization  Bearer ey…[REDACTED]…5c', ' accept         application/json'));
  expect(t.screenText()[1]).toMatch(/^ leaky-auth {2}#0 {2}Http$/);
  expect(
    t.screenText().some((l) => /^ ⚠ \d+ secrets: .*jwt at request\.headers\.authorization/.test(l)),
  ).toBe(true);
  t.press(Keys.tab);
  await t.waitFor(
    has(
      ' {',
      '   "login": "octocat",',
      '   "deploy_token": "gh…[REDACTED]…45",',
      '   "note": "token gh…[REDACTED]…45 rotates monthly"',
      ' }',
    ),
  );
  expect(t.screenText().some((l) => /^ {2}Request {2}\[Response\]/.test(l))).toBe(true);
  expect(t.rawBytes()).not.toContain(JWT_TAIL);
  t.press(Keys.escape);
  await t.waitFor(/#\s+METHOD\s+STATUS/);
  expect(t.screenText().some((l) => l.includes('[Request]') || l.includes('[Response]'))).toBe(false);
  t.press('q');
  await t.waitFor((l) => rowNamed(l, 'leaky-auth') !== undefined);
  t.press('q');
  await t.waitExit();
}

describe('inspector (pty)', () => {
  it(
    'against magneto-watch serve: Enter shows the request with the masked Authorization, Tab the pretty JSON response, Esc goes back (120×30)',
    { timeout: 60_000 },
    async () => {
      const box = await makeSandbox({ victim: false });
      onTestFinished(() => box.remove());
      for (const f of await readdir(INSPECT_FIXTURES))
        await copyFile(join(INSPECT_FIXTURES, f), join(box.dir, f));
      const serve = await startServe({ dir: box.dir });
      const t = await spawnWatch({ args: ['--url', serve.url], cols: 120, rows: 30 });
      await openLeakyAuth(t);
      await walkLeakyAuth(t);
    },
  );

  it(
    'against upstream magneto-serge v0.7: the client finds and masks the secrets itself (80×24)',
    { timeout: 60_000 },
    async () => {
      const cassettes = await Promise.all(
        ['binary-bodies', 'leaky-auth'].map((n) => upstreamCassette(join(INSPECT_FIXTURES, `${n}.json`))),
      );
      const upstream = await startFakeUpstream({ cassettes });
      onTestFinished(() => upstream.close());
      const t = await spawnWatch({ args: ['--url', upstream.url], cols: 80, rows: 24 });
      await openLeakyAuth(t);
      await walkLeakyAuth(t);
    },
  );
});
