import { describe, expect, it } from 'vitest';
import { keyToCommands } from '../../../src/ui/input/keymap.js';
import { keyBarLine } from '../../../src/ui/render/key-bar.js';
import { helpLines } from '../../../src/ui/render/help-lines.js';
import { createTheme } from '../../../src/ui/render/theme.js';
import * as A from '../../../src/ui/state/actions.js';
import { initialState, reduce } from '../../../src/ui/state/reducer.js';
import type { UiState } from '../../../src/ui/state/types.js';
import { summary } from '../../helpers/fake-engine.js';

const T0 = 1_000_000;
const theme = createTheme(false);
const NO_DIR = 'the server does not say where its files are (a magneto-watch server on this machine does)';

/** The table of a magneto-watch server with auth-login and users-api, auth-login selected. */
function table(o: { dir?: string; helloDir?: string } = {}): UiState {
  const s = initialState({
    now: T0,
    columns: 120,
    rows: 30,
    table: new Map([
      ['auth-login', summary('auth-login')],
      ['users-api', summary('users-api')],
    ]),
    info: {
      flavor: 'magneto-watch',
      canCreate: true,
      canUpdate: true,
      ...(o.helloDir !== undefined ? { dir: o.helloDir } : {}),
    },
    ...(o.dir !== undefined ? { dir: o.dir } : {}),
  });
  return reduce(s, A.move(0));
}

const press = (s: UiState, input: string) => keyToCommands(s, input, {}, T0);

describe('the keys that act on a cassette file (o, v, y, Y)', () => {
  describe('when the cassette directory is known here', () => {
    const s = table({ dir: '/home/me/cassettes' });

    it('o opens the selected cassette file in the editor, v in the pager, and change nothing else', () => {
      expect(press(s, 'o')).toEqual({
        actions: [],
        effect: { type: 'open', program: 'editor', path: '/home/me/cassettes/auth-login.json' },
      });
      expect(press(reduce(s, A.move(1)), 'v')).toEqual({
        actions: [],
        effect: { type: 'open', program: 'pager', path: '/home/me/cassettes/users-api.json' },
      });
    });

    it('y copies the name and Y the path, each saying "Copied …" in a toast', () => {
      expect(press(s, 'y')).toEqual({
        actions: [A.toast('info', 'Copied auth-login', T0)],
        effect: { type: 'copy', text: 'auth-login' },
      });
      expect(press(s, 'Y')).toEqual({
        actions: [A.toast('info', 'Copied /home/me/cassettes/auth-login.json', T0)],
        effect: { type: 'copy', text: '/home/me/cassettes/auth-login.json' },
      });
    });

    it("takes the directory from the server's Hello when the UI does not host it (an attached terminal)", () => {
      expect(press(table({ helloDir: '/srv/tapes/' }), 'Y').effect).toEqual({
        type: 'copy',
        text: '/srv/tapes/auth-login.json',
      });
    });

    it("acts on the details view's cassette, not on the selection", () => {
      const details = reduce(reduce(s, A.move(1)), A.detailsOpen('auth-login'));
      expect(press(details, 'o').effect).toEqual({
        type: 'open',
        program: 'editor',
        path: '/home/me/cassettes/auth-login.json',
      });
      expect(press(details, 'y').effect).toEqual({ type: 'copy', text: 'auth-login' });
    });

    it('types o, v, y and Y into the filter while it is open, as letters', () => {
      const filtering = reduce(s, A.filterOpen());
      for (const k of ['o', 'v', 'y', 'Y'])
        expect(press(filtering, k)).toEqual({ actions: [A.filterInput(k)] });
    });

    it('shows o on the table key bar, and o, v, y, Y on the details key bar', () => {
      expect(keyBarLine(s, 119, theme).trimEnd()).toBe(
        ' n new  e edit  d delete  / filter  s sort  p pause  r re-list  enter details  L log  o open  ? help  q quit',
      );
      expect(keyBarLine(reduce(s, A.detailsOpen('auth-login')), 119, theme).trimEnd()).toBe(
        ' j/k select  / filter  f failures  o open  v view  y copy name  Y copy path  esc/q back',
      );
    });
  });

  describe('when the server does not say where its files are (remote, upstream)', () => {
    const s = table();

    it('o, v and Y say why in one toast and do nothing else', () => {
      expect(press(s, 'o')).toEqual({ actions: [A.toast('error', `cannot open the file: ${NO_DIR}`, T0)] });
      expect(press(s, 'v')).toEqual({ actions: [A.toast('error', `cannot open the file: ${NO_DIR}`, T0)] });
      expect(press(s, 'Y')).toEqual({ actions: [A.toast('error', `cannot copy the path: ${NO_DIR}`, T0)] });
    });

    it('y still copies the name', () => {
      expect(press(s, 'y').effect).toEqual({ type: 'copy', text: 'auth-login' });
    });

    it('hides o, v and Y from the key bars, and the help says why', () => {
      expect(keyBarLine(s, 119, theme).trimEnd()).toBe(
        ' n new  e edit  d delete  / filter  s sort  p pause  r re-list  enter details  L log  ? help  q quit',
      );
      expect(keyBarLine(reduce(s, A.detailsOpen('auth-login')), 119, theme).trimEnd()).toBe(
        ' j/k select  / filter  f failures  y copy name  esc/q back',
      );
      const help = helpLines(reduce(s, A.helpOpen()), theme);
      expect(help.slice(0, 2)).toEqual([' Keys', ` o, v, Y: ${NO_DIR}`]);
      expect(help.filter((l) => /^ [oyY] /.test(l))).toEqual([
        ' y               copy the name (OSC 52: tmux needs set-clipboard on)',
      ]);
    });
  });

  it('refuses a directory holding control characters: it could not be shown or pasted as it is', () => {
    const s = table({ dir: '/tmp/a\u001b]52;c;eA==\u0007b' });
    expect(press(s, 'o')).toEqual({
      actions: [
        A.toast('error', 'cannot open the file: the cassette directory holds control characters', T0),
      ],
    });
  });

  it('keeps a name a terminal would not show as it is off the clipboard, and says so', () => {
    const s = reduce(
      initialState({
        now: T0,
        columns: 120,
        rows: 30,
        dir: '/d',
        table: new Map([['evil\u202egnp.exe', summary('evil\u202egnp.exe')]]),
      }),
      A.move(0),
    );
    expect(press(s, 'y')).toEqual({
      actions: [A.toast('error', 'cannot copy the name: it holds control characters', T0)],
    });
    expect(press(s, 'Y')).toEqual({
      actions: [A.toast('error', 'cannot copy the path: it holds control characters', T0)],
    });
  });
});
