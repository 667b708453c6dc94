/**
 * Shell completion, run by the shells themselves: bash through `complete -F`'s contract
 * (COMP_WORDS, COMP_CWORD → COMPREPLY), zsh and fish typed into an interactive shell in a
 * pseudo-terminal, Tab pressed, the command line read back.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pty from 'node-pty';
import xterm from '@xterm/headless';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/pty.js';
import { cli } from '../helpers/run-cli.js';
import { cassetteJson } from '../helpers/sandbox.js';
import { startServe } from '../helpers/serve-process.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mw-compl-'));
  cleanups.push(() => rm(d, { recursive: true, force: true }));
  return d;
}

const has = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;

/** A folder holding a `magneto-watch` that runs this build: what completion calls for names. */
async function binDir(): Promise<string> {
  const dir = await tempDir();
  const path = join(dir, 'magneto-watch');
  await writeFile(path, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  await chmod(path, 0o755);
  return dir;
}

async function script(shell: 'bash' | 'zsh' | 'fish'): Promise<string> {
  const r = await cli(['completion', shell]);
  expect(r.code).toBe(0);
  const path = join(await tempDir(), `magneto-watch.${shell}`);
  await writeFile(path, r.stdout);
  return path;
}

async function servedNames(): Promise<string> {
  const dir = await tempDir();
  for (const name of ['github-users', 'gitlab-ci', 'payments'])
    await writeFile(join(dir, `${name}.json`), cassetteJson(name));
  return (await startServe({ dir })).url;
}

describe('bash completion', () => {
  let file: string;
  let bin: string;

  /** COMPREPLY for the words typed so far (the last one being completed), sorted. */
  function complete(words: string[]): string[] {
    // COMP_WORDS as bash makes it: words are also split at ':' (COMP_WORDBREAKS).
    const compWords = words.flatMap((w) => w.split(/(:)/).filter((p) => p !== ''));
    if (words.at(-1) === '') compWords.push('');
    const quoted = compWords.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
    const out = execFileSync(
      'bash',
      [
        '-c',
        // compopt only works inside a real completion; here it need not do anything.
        // What bash sets for a completion function: the line up to the cursor, and its words.
        `compopt() { :; }; source "$1"; COMP_LINE=$2; COMP_POINT=\${#COMP_LINE}; ` +
          `COMP_WORDS=(${quoted}); COMP_CWORD=${compWords.length - 1}; ` +
          `_magneto_watch; printf '%s\\n' "\${COMPREPLY[@]}"`,
        'bash',
        file,
        words.join(' '),
      ],
      { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } },
    );
    return out
      .split('\n')
      .filter((l) => l !== '')
      .sort();
  }

  it('registers itself for magneto-watch', async () => {
    file = await script('bash');
    const out = execFileSync('bash', ['-c', 'source "$1"; complete -p magneto-watch', 'bash', file], {
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('complete -F _magneto_watch magneto-watch');
  });

  it('completes commands, options and their values', async () => {
    file = await script('bash');
    bin = await binDir();
    expect(complete(['magneto-watch', 'se'])).toEqual(['serve']);
    expect(complete(['magneto-watch', ''])).toEqual([
      'completion',
      'config',
      'demo',
      'help',
      'list',
      'serve',
      'show',
    ]);
    expect(complete(['magneto-watch', '--th'])).toEqual(['--theme']);
    expect(complete(['magneto-watch', '--theme', ''])).toEqual(['auto', 'color', 'mono']);
    expect(complete(['magneto-watch', 'list', '--sort', 'r'])).toEqual(['recorded']);
    expect(complete(['magneto-watch', 'serve', '--to'])).toEqual(['--token', '--token-file']);
    expect(complete(['magneto-watch', 'completion', ''])).toEqual(['bash', 'fish', 'zsh']);
    expect(complete(['magneto-watch', 'help', 'sh'])).toEqual(['show']);
    expect(complete(['magneto-watch', 'config', ''])).toEqual(['help', 'path']);
    // The value of --dir is not a command: `serve` after it is still to be completed as one.
    expect(complete(['magneto-watch', '--dir', 'serve', 'de'])).toEqual(['demo']);
  });

  it('completes the cassette names of `show` from the server the line names', async () => {
    file = await script('bash');
    bin = await binDir();
    const url = await servedNames();
    // bash's own COMP_WORDS would split the URL at each ':'.
    expect(complete(['magneto-watch', 'show', '--url', url, 'git'])).toEqual(['github-users', 'gitlab-ci']);
    expect(complete(['magneto-watch', '--url', url, 'show', 'pay'])).toEqual(['payments']);
    expect(complete(['magneto-watch', 'show', '--url', url, 'payments', ''])).toEqual([]);
  });

  it('completes no names, quickly and quietly, when no server answers', async () => {
    file = await script('bash');
    bin = await binDir();
    const started = Date.now();
    expect(complete(['magneto-watch', 'show', '--url', 'http://127.0.0.1:9', ''])).toEqual([]);
    // Bounded by list --timeout (2 s) plus start-up; not a timing assertion on the code, a bound on the wait.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

/** Types `line` and Tab into an interactive `shell` in a pty; resolves with the screen once it contains `expected`. */
async function typeTab(
  shell: string,
  args: string[],
  setup: string[],
  line: string,
  expected: string,
): Promise<string> {
  const bin = await binDir();
  const term = new xterm.Terminal({ cols: 120, rows: 20, allowProposedApi: true });
  const child = pty.spawn(shell, args, {
    cols: 120,
    rows: 20,
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      TERM: 'xterm-256color',
      HOME: await tempDir(),
    } as Record<string, string>,
  });
  cleanups.push(async () => {
    child.kill();
    term.dispose();
  });
  const screen = (): string => {
    const b = term.buffer.active;
    return Array.from(
      { length: term.rows },
      (_, y) => b.getLine(b.viewportY + y)?.translateToString(true) ?? '',
    ).join('\n');
  };
  const waitFor = (text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${JSON.stringify(text)} on screen:\n${screen()}`)),
        15_000,
      );
      const check = (): void => {
        if (screen().includes(text)) {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }
      };
      const sub = child.onData((d) => term.write(d, check));
      check();
    });
  for (const command of setup) child.write(`${command}\r`);
  child.write('echo READY\r');
  await waitFor('READY\n');
  child.write(`${line}\t`);
  await waitFor(expected);
  return screen();
}

describe.skipIf(!has('zsh'))('zsh completion', () => {
  it('completes a command and the names of show', { timeout: 60_000 }, async () => {
    const file = await script('zsh');
    const setup = ['autoload -U compinit && compinit -u', `source ${file}`, "PS1='%% '"];
    await typeTab('zsh', ['-f', '-i'], setup, 'magneto-watch se', '% magneto-watch serve');
    const url = await servedNames();
    await typeTab(
      'zsh',
      ['-f', '-i'],
      setup,
      `magneto-watch show --url ${url} pay`,
      `show --url ${url} payments `,
    );
  });
});

describe.skipIf(!has('fish'))('fish completion', () => {
  it('completes a command and the names of show', { timeout: 60_000 }, async () => {
    const file = await script('fish');
    const setup = [`source ${file}`, "function fish_prompt; echo '% '; end", 'set -g fish_greeting'];
    await typeTab('fish', ['--no-config', '-i'], setup, 'magneto-watch se', 'magneto-watch serve');
    const url = await servedNames();
    await typeTab(
      'fish',
      ['--no-config', '-i'],
      setup,
      `magneto-watch show --url ${url} pay`,
      `show --url ${url} payments `,
    );
  });
});
