import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { clipboardSequence, commandLine } from '../../../src/ui/screen/external.js';

/** Runs the command line as spawnLauncher would, its output captured instead of the terminal's. */
function run(command: string, path: string): { stdout: string; status: number | null } {
  const { file, args } = commandLine(command, path, 'linux');
  const r = spawnSync(file, args, { encoding: 'utf8' });
  return { stdout: r.stdout, status: r.status };
}

const HOSTILE_PATHS = [
  '/tmp/my cassettes/users api.json',
  `/tmp/it's "quoted"/a.json`,
  '/tmp/$(touch /tmp/mw-pwned)/`id`/a;b|c&d>e.json',
  '/tmp/$HOME/${PATH}/*.json',
  '/tmp/tab\there/new\nline.json',
];

describe('starting $EDITOR and $PAGER', () => {
  it('runs the command through sh -c with the path as "$1", as git runs $EDITOR, exec-ed so that it is our child', () => {
    expect(commandLine('vi', '/d/a.json', 'linux')).toEqual({
      file: '/bin/sh',
      args: ['-c', 'exec vi "$1"', 'magneto-watch', '/d/a.json'],
    });
  });

  it('runs a command that starts with variable assignments without exec, and they apply', () => {
    expect(commandLine('MW_X=1 vi', '/d/a.json', 'linux').args[1]).toBe('MW_X=1 vi "$1"');
    expect(run(`MW_X='a b' sh -c 'printf "%s|%s" "$MW_X" "$1"' sh`, '/d/c d.json').stdout).toBe(
      'a b|/d/c d.json',
    );
  });

  it('starts the program itself in the place of sh: its pid is the one spawn gave', () => {
    const { file, args } = commandLine(`sh -c 'printf %s $$' sh`, '/d/a.json', 'linux');
    const r = spawnSync(file, args, { encoding: 'utf8' });
    expect(r.stdout).toBe(String(r.pid));
  });

  it('hands the path to the program byte for byte: spaces, quotes, $, backticks and ; never reach the shell parser', () => {
    for (const path of HOSTILE_PATHS) {
      const r = run(`printf '%s'`, path);
      expect(r, path).toEqual({ stdout: path, status: 0 });
    }
  });

  it("keeps the command's own arguments and quoting (EDITOR='code --wait')", () => {
    expect(run(`printf '[%s] [%s] [%s]' --wait "two words"`, '/d/a b.json').stdout).toBe(
      '[--wait] [two words] [/d/a b.json]',
    );
  });

  it("gives sh's 127 for a command that does not exist, which the UI turns into one sentence", () => {
    expect(run('magneto-watch-no-such-editor-xyz', '/d/a.json').status).toBe(127);
  });

  it('splits the command at blanks on Windows, which has no sh', () => {
    expect(commandLine('code --wait', 'C:\\c\\a b.json', 'win32')).toEqual({
      file: 'code',
      args: ['--wait', 'C:\\c\\a b.json'],
    });
  });
});

describe('OSC 52', () => {
  it('is ESC ] 52 ; c ; base64 of the UTF-8 text, ended by BEL', () => {
    expect(clipboardSequence('users-api')).toBe('\u001b]52;c;dXNlcnMtYXBp\u0007');
    expect(clipboardSequence('café 🚀')).toBe(
      `\u001b]52;c;${Buffer.from('café 🚀').toString('base64')}\u0007`,
    );
    expect(clipboardSequence('café 🚀')).toBe('\u001b]52;c;Y2Fmw6kg8J+agA==\u0007');
  });
});
