import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/cli/config.js';
import { configPath, defaultDebugLogPath } from '../../src/cli/paths.js';
import { connectSettings, tokenSource, viewSettings } from '../../src/cli/settings.js';
import { ErrorCode } from '../../src/protocol/index.js';
import { cleanEnv, cli, expectOneLine } from '../helpers/run-cli.js';
import { cassetteJson, httpInteractions } from '../helpers/sandbox.js';
import { startServe } from '../helpers/serve-process.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mw-config-'));
  dirs.push(d);
  return d;
}

const FILE = '/home/u/.config/magneto-watch/config.json';

describe('where the config file is', () => {
  it('is under XDG_CONFIG_HOME, else ~/.config; a relative XDG_CONFIG_HOME is ignored (XDG spec)', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/xdg', HOME: '/home/u' })).toBe('/xdg/magneto-watch/config.json');
    expect(configPath({ HOME: '/home/u' })).toBe(FILE);
    expect(configPath({ XDG_CONFIG_HOME: 'rel', HOME: '/home/u' })).toBe(FILE);
    expect(defaultDebugLogPath({ HOME: '/home/u' })).toBe('/home/u/.local/state/magneto-watch/debug.log');
    expect(defaultDebugLogPath({ XDG_STATE_HOME: '/s', HOME: '/home/u' })).toBe('/s/magneto-watch/debug.log');
  });

  it('`config path` prints it and whether it exists', async () => {
    const xdg = await tempDir();
    const missing = await cli(['config', 'path'], { env: { XDG_CONFIG_HOME: xdg } });
    expect(missing).toEqual({
      code: 0,
      stdout: `${xdg}/magneto-watch/config.json (not found)\n`,
      stderr: '',
    });
    await mkdir(join(xdg, 'magneto-watch'));
    await writeFile(join(xdg, 'magneto-watch', 'config.json'), '{}');
    const found = await cli(['config', 'path'], { env: { XDG_CONFIG_HOME: xdg } });
    expect(found.stdout).toBe(`${xdg}/magneto-watch/config.json (exists)\n`);
  });
});

describe('a config file', () => {
  it('reads every key, normalised', () => {
    expect(
      parseConfig(FILE, {
        url: 'http://ci:8889/',
        tokenFile: 'token',
        sort: 'recorded:asc',
        columns: ['mode', 'RECORDED', 'MODE'],
        theme: 'mono',
      }),
    ).toEqual({
      url: 'http://ci:8889',
      tokenFile: '/home/u/.config/magneto-watch/token',
      sort: { key: 'recorded', reverse: true },
      columns: ['MODE', 'RECORDED'],
      theme: 'mono',
    });
    expect(parseConfig(FILE, { tokenFile: '~/t' }).tokenFile).toBe(join(homedir(), 't'));
    expect(parseConfig(FILE, { tokenFile: '/abs/t' }).tokenFile).toBe('/abs/t');
    expect(parseConfig(FILE, {})).toEqual({});
  });

  it.each([
    [{ colour: 'mono' }, 'unknown key "colour" (known: url, tokenFile, sort, columns, theme)'],
    [{ url: 'ftp://x' }, '"url": "ftp://x" is not an http:// or https:// URL'],
    [{ url: 8889 }, '"url" must be a non-empty string'],
    [{ tokenFile: '' }, '"tokenFile" must be a non-empty string'],
    [
      { sort: 'size' },
      '"sort": "size" is not a sort: expected name, recorded, interactions, optionally followed by :asc or :desc',
    ],
    [
      { columns: 'MODE,SIZE' },
      '"columns" must be an array of column names, e.g. ["DESCRIPTION", "RECORDED"]',
    ],
    [{ columns: ['NAME'] }, '"columns": unknown column "NAME" (NAME is always shown)'],
    [
      { columns: ['AGE'] },
      '"columns": unknown column "AGE" (expected some of SECRETS, DESCRIPTION, MODE, INTERACTIONS, SIZE, RECORDED)',
    ],
    [{ theme: 'dark' }, '"theme": "dark" is not a theme: expected auto, color, mono'],
    [[1, 2], 'expected a JSON object, e.g. {"url": "http://127.0.0.1:8889"}'],
  ])('refuses %j naming the file and the key (bad_config)', (doc, message) => {
    expect(() => parseConfig(FILE, doc)).toThrow(
      expect.objectContaining({ code: ErrorCode.BadConfig, message: `${FILE}: ${message}` }),
    );
  });

  it('is empty when absent, and refuses what is not JSON', async () => {
    const dir = await tempDir();
    expect(await loadConfig(join(dir, 'none.json'))).toEqual({});
    const bad = join(dir, 'config.json');
    await writeFile(bad, '{"url": ');
    await expect(loadConfig(bad)).rejects.toMatchObject({
      code: ErrorCode.BadConfig,
      message: expect.stringMatching(new RegExp(`^${bad}: not valid JSON \\(.+\\)$`)),
    });
    await expect(loadConfig(dir)).rejects.toMatchObject({ message: `${dir}: cannot be read (EISDIR)` });
  });
});

describe('precedence: flags, then the environment, then the file, then the defaults', () => {
  const file = {
    url: 'http://file:1',
    tokenFile: '/file/token',
    sort: { key: 'recorded', reverse: false },
    theme: 'color',
  } as const;

  it('for the server and the token', () => {
    expect(connectSettings({}, {}, {})).toEqual({});
    expect(connectSettings({}, {}, file)).toEqual({
      url: 'http://file:1',
      token: { kind: 'file', path: '/file/token' },
    });
    const env = { MAGNETO_URL: 'http://env:2/', MAGNETO_TOKEN_FILE: '/env/token' };
    expect(connectSettings({}, env, file)).toEqual({
      url: 'http://env:2',
      token: { kind: 'file', path: '/env/token' },
    });
    expect(connectSettings({ url: 'http://flag:3', token: 't' }, env, file)).toEqual({
      url: 'http://flag:3',
      token: { kind: 'value', token: 't' },
    });
    expect(tokenSource({}, { MAGNETO_TOKEN: 'env-t' }, file)).toEqual({ kind: 'value', token: 'env-t' });
    expect(tokenSource({ tokenFile: '/flag' }, { MAGNETO_TOKEN: 'env-t' }, file)).toEqual({
      kind: 'file',
      path: '/flag',
    });
    expect(() => tokenSource({}, { MAGNETO_TOKEN: 'a', MAGNETO_TOKEN_FILE: '/b' })).toThrow(
      expect.objectContaining({ code: ErrorCode.Usage }),
    );
  });

  it('for the view: NO_COLOR and FORCE_COLOR beat the file, --theme beats them', () => {
    expect(viewSettings({}, {}, {})).toEqual({});
    expect(viewSettings({}, {}, file)).toEqual({ sort: { key: 'recorded', reverse: false }, color: true });
    expect(viewSettings({}, { NO_COLOR: '1' }, file)).toEqual({
      sort: { key: 'recorded', reverse: false },
      color: false,
    });
    expect(viewSettings({}, { FORCE_COLOR: '0' }, file).color).toBe(false);
    expect(viewSettings({}, { FORCE_COLOR: '1' }, { theme: 'mono' }).color).toBe(true);
    expect(viewSettings({ theme: 'auto' }, { NO_COLOR: '1' }, file).color).toBeUndefined();
    expect(viewSettings({ sort: { key: 'name', reverse: true }, columns: ['SIZE'] }, {}, file)).toMatchObject(
      {
        sort: { key: 'name', reverse: true },
        columns: ['SIZE'],
      },
    );
  });
});

describe('the config file, as the program reads it', () => {
  async function withConfig(doc: unknown): Promise<Record<string, string>> {
    const { env, home } = await cleanEnv();
    await mkdir(join(home, '.config', 'magneto-watch'), { recursive: true });
    await writeFile(join(home, '.config', 'magneto-watch', 'config.json'), JSON.stringify(doc));
    return { HOME: home, XDG_CONFIG_HOME: env.XDG_CONFIG_HOME ?? join(home, '.config') };
  }

  it('refuses an unknown key in one line naming the file, exit 2', async () => {
    const env = await withConfig({ url: 'http://127.0.0.1:9', colour: 'mono' });
    expectOneLine(
      await cli(['list'], { env }),
      2,
      `magneto-watch: ${env.XDG_CONFIG_HOME}/magneto-watch/config.json: unknown key "colour" (known: url, tokenFile, sort, columns, theme)`,
    );
  });

  it('gives list its server, token file, sort and columns; flags still win', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'alpha.json'),
      cassetteJson('alpha', { description: 'first', interactions: httpInteractions(1) }),
    );
    await writeFile(
      join(dir, 'beta.json'),
      cassetteJson('beta', { description: 'second', interactions: httpInteractions(5) }),
    );
    await writeFile(join(dir, '.token'), 'cfg-token\n', { mode: 0o600 });
    const serve = await startServe({ dir, args: ['--token', 'cfg-token'] });
    const env = await withConfig({
      url: serve.url,
      tokenFile: join(dir, '.token'),
      sort: 'interactions',
      columns: ['INTERACTIONS', 'DESCRIPTION'],
    });
    const r = await cli(['list'], { env });
    expect(r).toEqual({
      code: 0,
      stdout: [
        'NAME   INTERACTIONS  DESCRIPTION',
        'beta              5  second',
        'alpha             1  first',
        '',
      ].join('\n'),
      stderr: '',
    });
    const flags = await cli(['list', '--sort', 'name', '--columns', 'DESCRIPTION'], { env });
    expect(flags.stdout).toBe(['NAME   DESCRIPTION', 'alpha  first', 'beta   second', ''].join('\n'));
  });
});
