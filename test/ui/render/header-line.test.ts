import { describe, expect, it } from 'vitest';
import type { ServerInfo } from '../../../src/client/index.js';
import { headerLine } from '../../../src/ui/render/header-line.js';
import { createTheme } from '../../../src/ui/render/theme.js';
import { initialState } from '../../../src/ui/state/reducer.js';
import { summary } from '../../helpers/fake-engine.js';

const table = new Map([summary('auth-login'), summary('users-api')].map((s) => [s.name, s]));
const labels = {
  url: 'http://127.0.0.1:8889',
  dir: './cassettes',
  notice: 'attached to the server on :8889',
};

function line(flavor: ServerInfo['flavor'], width: number): string {
  const info: ServerInfo = { flavor, canCreate: true, canUpdate: true };
  const state = initialState({ now: 0, columns: width, rows: 24, table, status: { kind: 'live' }, info });
  return headerLine(state, labels, width, createTheme(false));
}

/** A whole status line: `left`, spaces, then the count, `width` columns in all. */
function framed(left: string, width: number): string {
  const right = '2 cassettes ';
  return left + ' '.repeat(width - left.length - right.length) + right;
}

describe('the status line', () => {
  it('points at the web page of a magneto-watch server (protocol.md §7)', () => {
    expect(line('magneto-watch', 120)).toBe(
      framed(
        ' magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes   attached to the server on :8889',
        120,
      ),
    );
  });

  it('shows the bare URL of a server that has no page (upstream)', () => {
    expect(line('upstream-hydra', 120)).toBe(
      framed(
        ' magneto-watch  ● Live   http://127.0.0.1:8889   ./cassettes   attached to the server on :8889',
        120,
      ),
    );
  });

  it('keeps the page URL at 80 columns, dropping the notice first', () => {
    expect(line('magneto-watch', 80)).toBe(
      framed(' magneto-watch  ● Live   web http://127.0.0.1:8889/   ./cassettes', 80),
    );
  });
});
