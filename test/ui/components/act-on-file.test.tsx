import { describe, expect, it } from 'vitest';
import { FakeEngine, summary } from '../../helpers/fake-engine.js';
import { mountOnFakeTime } from '../../helpers/mount.js';

const T0 = Date.parse('2025-10-27T10:05:00Z');

function sample(): FakeEngine {
  return new FakeEngine([
    summary('auth-login', { description: 'Login flow', interactions_count: 12 }),
    summary('users-api', { description: 'Users service', interactions_count: 7 }),
  ]);
}

const mount = mountOnFakeTime(T0);
let ui: ReturnType<typeof mount> | undefined;

describe('the session asks the terminal to act on the file', () => {
  it('o and v hand the selected file to the terminal; a failure comes back as one toast line', async () => {
    ui = mount(sample(), { dirLabel: '/home/me/cassettes' });
    await ui.press('j', 'o');
    expect(ui.terminal.opened.map(({ program, path }) => [program, path])).toEqual([
      ['editor', '/home/me/cassettes/users-api.json'],
    ]);
    ui.terminal.opened[0]!.done.reject(new Error('cannot run "nano" ($VISUAL/$EDITOR): command not found'));
    await ui.settle();
    expect(ui.lines().slice(-2)).toEqual([
      ' ✕ cannot run "nano" ($VISUAL/$EDITOR): command not found',
      ' n new  e edit  d delete  / filter  s sort  p pause  enter details  L log  ? help  q quit',
    ]);
    await ui.press('v');
    expect(ui.terminal.opened.map(({ program }) => program)).toEqual(['editor', 'pager']);
  });

  it('y and Y hand the name and the path to the clipboard and say "Copied …"', async () => {
    ui = mount(sample(), { dirLabel: '/home/me/cassettes' });
    await ui.press('y');
    expect(ui.terminal.copy.mock.calls).toEqual([['auth-login']]);
    expect(ui.lines().at(-2)).toBe(' ✓ Copied auth-login');
    await ui.press('Y');
    expect(ui.terminal.copy.mock.calls).toEqual([['auth-login'], ['/home/me/cassettes/auth-login.json']]);
    expect(ui.lines().slice(-3, -1)).toEqual([
      ' ✓ Copied auth-login',
      ' ✓ Copied /home/me/cassettes/auth-login.json',
    ]);
  });

  it('without a known directory, o and Y reach neither the terminal nor the clipboard', async () => {
    ui = mount(sample(), { dirLabel: undefined });
    await ui.press('o', 'Y');
    expect(ui.terminal.opened).toEqual([]);
    expect(ui.terminal.copy).not.toHaveBeenCalled();
  });
});
