/** The config file's view settings reach the terminal UI from its first frame (and flags win over it). */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnWatch } from '../helpers/pty.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { cassetteJson, httpInteractions } from '../helpers/sandbox.js';
import { startServe } from '../helpers/serve-process.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Colour and emphasis sequences the UI's theme writes (chalk, 16 colours). */
const SGR_STYLE = /\u001b\[(?:1|2|7|3[0-7]|9[0-7])m/;

async function setup(config: Record<string, unknown>) {
  const dir = await mkdtemp(join(tmpdir(), 'mw-cfgui-'));
  dirs.push(dir);
  await writeFile(join(dir, 'few.json'), cassetteJson('few', { interactions: httpInteractions(1) }));
  await writeFile(join(dir, 'many.json'), cassetteJson('many', { interactions: httpInteractions(9) }));
  await writeFile(join(dir, 'some.json'), cassetteJson('some', { interactions: httpInteractions(4) }));
  const serve = await startServe({ dir });
  const { env, home } = await cleanEnv();
  await mkdir(join(home, '.config', 'magneto-watch'), { recursive: true });
  await writeFile(
    join(home, '.config', 'magneto-watch', 'config.json'),
    JSON.stringify({ url: serve.url, ...config }),
  );
  return { env };
}

/** NAME and INTERACTIONS of the table's rows, in screen order. */
const rows = (lines: string[]): string[] =>
  lines
    .slice(2)
    .map((l) => /^[› ] +(\S+) +(?:[a-z]+ +)?(\d+) /.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} ${m[2]}`);

describe('the config file in the terminal UI', () => {
  it('starts sorted as it says, in mono, against its url', async () => {
    const { env } = await setup({ sort: 'interactions', theme: 'mono' });
    const ui = await spawnWatch({ args: [], env });
    await ui.waitFor((lines) => rows(lines).length === 3);
    expect(ui.screenText()[1]).toMatch(/^ {3}NAME +⚠ +DESCRIPTION +MODE +INTERACTIONS ▼ +SIZE {2}RECORDED$/);
    expect(rows(ui.screenText())).toEqual(['many 9', 'some 4', 'few 1']);
    expect(ui.rawBytes()).not.toMatch(SGR_STYLE);
    ui.press('q');
    expect(await ui.waitExit()).toMatchObject({ exitCode: 0 });
  });

  it('gives way to flags: --sort and --theme', async () => {
    const { env } = await setup({ sort: 'interactions', theme: 'mono' });
    const ui = await spawnWatch({ args: ['--sort', 'name:desc', '--theme', 'color'], env });
    await ui.waitFor((lines) => rows(lines).length === 3);
    // Styled cells keep their trailing spaces on screen.
    expect(ui.screenText()[1]?.trimEnd()).toMatch(
      /^ {3}NAME ▼ +⚠ +DESCRIPTION +MODE +INTERACTIONS +SIZE {2}RECORDED$/,
    );
    expect(rows(ui.screenText())).toEqual(['some 4', 'many 9', 'few 1']);
    expect(ui.rawBytes()).toMatch(SGR_STYLE);
  });

  it('refuses a bad value before the UI starts: one line, exit 2', async () => {
    const { env } = await setup({ theme: 'dark' });
    const ui = await spawnWatch({ args: [], env });
    expect(await ui.waitExit()).toMatchObject({ exitCode: 2 });
    expect(ui.isAlternateScreen()).toBe(false);
    // One line, which the 120-column terminal wraps.
    expect(ui.rawBytes().trimEnd().split('\n')).toHaveLength(1);
    expect(ui.screenText().join('')).toMatch(
      /^magneto-watch: .*\/config\.json: "theme": "dark" is not a theme: expected auto, color, mono$/,
    );
  });
});
