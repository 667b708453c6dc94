import { describe, expect, it } from 'vitest';
import type { InteractionSummary } from '../../../src/protocol/index.js';
import { keyToCommands, type KeyPress } from '../../../src/ui/input/keymap.js';
import { inspectorDoc } from '../../../src/ui/render/inspector-doc.js';
import * as A from '../../../src/ui/state/actions.js';
import * as I from '../../../src/ui/state/inspector.js';
import type { InspectorOverlay } from '../../../src/ui/state/inspector.js';
import { initialState, reduce } from '../../../src/ui/state/reducer.js';
import type { UiState } from '../../../src/ui/state/types.js';
import { summary } from '../../helpers/fake-engine.js';
import { httpAnswer, textBody } from '../../helpers/interaction-answers.js';

const T0 = 1_000_000;

const listed = (index: number): InteractionSummary => ({
  index,
  kind: 'Http',
  method: 'GET',
  url: `https://api.example.com/${index}`,
  status: 200,
  error: null,
  response_time_ms: 1,
});

/** A response body of `n` JSON lines after pretty-printing, plus one line `n` columns wide. */
function longAnswer(n = 100) {
  const items = Array.from({ length: n - 2 }, (_, i) => i);
  return httpAnswer({
    response: {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-wide': 'w'.repeat(200) },
      body: textBody(JSON.stringify(items), { content_type: 'application/json' }),
    },
  });
}

/** The table at 80×24 with cassette `users` in its details, interactions 4, 5 and 6 listed. */
function details(): UiState {
  let s = initialState({ now: T0, columns: 80, rows: 24, table: new Map([['users', summary('users')]]) });
  s = reduce(s, A.detailsOpen('users'));
  return reduce(
    s,
    A.detailsLoaded(
      'users',
      {
        ...summary('users'),
        version: '1.0',
        cookies_count: 0,
        http_count: 3,
        http_error_count: 0,
        websocket_count: 0,
      },
      [listed(4), listed(5), listed(6)],
      T0,
    ),
  );
}

function inspector(s: UiState): InspectorOverlay {
  if (s.overlay.kind !== 'inspector') throw new Error(`overlay is ${s.overlay.kind}`);
  return s.overlay;
}

const run = (s: UiState, ...actions: ReturnType<typeof I.inspectorMove>[]): UiState =>
  actions.reduce((acc, a) => reduce(acc, a), s);

function press(s: UiState, input: string, key: KeyPress = {}): { state: UiState; effect: unknown } {
  const { actions, effect } = keyToCommands(s, input, key, T0);
  return { state: actions.reduce((acc, a) => reduce(acc, a), s), effect };
}

describe('inspector state', () => {
  describe('details selection', () => {
    it('selects the first interaction once the list is loaded; j/k move the selection', () => {
      const s = details();
      expect(s.overlay).toMatchObject({ kind: 'details', selected: 4 });
      expect(press(s, 'j').state.overlay).toMatchObject({ selected: 5 });
      expect(press(press(s, 'j').state, 'k').state.overlay).toMatchObject({ selected: 4 });
    });

    it('keeps the selection on its interaction when the list is loaded again, by index', () => {
      let s = press(details(), 'j').state;
      s = reduce(
        s,
        A.detailsLoaded(
          'users',
          {
            ...summary('users'),
            version: '1.0',
            cookies_count: 0,
            http_count: 4,
            http_error_count: 0,
            websocket_count: 0,
          },
          [listed(4), listed(5), listed(6), listed(7)],
          T0,
        ),
      );
      expect(s.overlay).toMatchObject({ kind: 'details', selected: 5 });
    });
  });

  describe('open and close', () => {
    it('Enter on the selected interaction opens it and asks the engine for it; Esc returns to the details as they were', () => {
      const d = press(details(), 'j').state;
      const { state, effect } = press(d, '', { return: true });
      expect(effect).toEqual({ type: 'inspect', key: 'users', index: 5 });
      expect(state.overlay).toEqual({
        kind: 'inspector',
        key: 'users',
        index: 5,
        back: d.overlay,
        tab: 0,
        scroll: 0,
        left: 0,
        help: false,
      });
      expect(press(state, '', { escape: true }).state.overlay).toBe(d.overlay);
      expect(press(state, 'q').state.overlay).toBe(d.overlay);
    });

    it('Enter does not open the inspector while the details have no interaction to open', () => {
      let s = initialState({ now: T0, columns: 80, rows: 24 });
      s = reduce(s, A.detailsOpen('users'));
      const { state, effect } = press(s, '', { return: true });
      expect(effect).toBeUndefined();
      expect(state.overlay.kind).not.toBe('inspector');
    });

    it('takes the answer for the interaction it shows, and ignores one for another', () => {
      const s = reduce(details(), I.openInspector(4));
      expect(reduce(s, I.inspectorLoaded('users', 5, httpAnswer()))).toBe(s);
      expect(reduce(s, I.inspectorLoaded('other', 4, httpAnswer()))).toBe(s);
      const answer = httpAnswer();
      expect(inspector(reduce(s, I.inspectorLoaded('users', 4, answer))).interaction).toBe(answer);
    });

    it('keeps a failure as one line, in the event log too, and Esc still goes back', () => {
      const d = details();
      let s = reduce(d, I.openInspector(4));
      s = reduce(s, I.inspectorFailed('users', 4, 'not_found: interaction 4 not found', T0));
      expect(inspector(s).error).toBe('not_found: interaction 4 not found');
      expect(s.log.at(s.log.length - 1)).toMatchObject({
        kind: 'error',
        text: 'not_found: interaction 4 not found',
      });
      expect(press(s, '', { escape: true }).state.overlay).toBe(d.overlay);
    });
  });

  describe('tabs', () => {
    it('Tab and Shift-Tab switch between request and response, back to the top', () => {
      let s = reduce(reduce(details(), I.openInspector(4)), I.inspectorLoaded('users', 4, longAnswer()));
      s = press(s, 'j').state;
      s = press(s, '', { tab: true }).state;
      expect(inspector(s)).toMatchObject({ tab: 1, scroll: 0 });
      s = press(s, '', { tab: true }).state;
      expect(inspector(s).tab).toBe(0);
      expect(inspector(press(s, '', { tab: true, shift: true }).state).tab).toBe(1);
    });
  });

  describe('scroll', () => {
    /** The response tab of a 100-line body at 80×24: 16 lines on screen under a 5-line head. */
    function opened(): UiState {
      let s = reduce(reduce(details(), I.openInspector(4)), I.inspectorLoaded('users', 4, longAnswer()));
      s = press(s, '', { tab: true }).state;
      return s;
    }
    const lastTop = (s: UiState): number => {
      const o = inspector(s);
      return inspectorDoc(o.interaction!, 'Response').lines.length - 16;
    };

    it('j/k and the arrows move a line, never above the top', () => {
      const s = opened();
      expect(inspector(press(s, 'j').state).scroll).toBe(1);
      expect(inspector(press(s, '', { downArrow: true }).state).scroll).toBe(1);
      expect(inspector(press(press(s, 'j').state, 'k').state).scroll).toBe(0);
      expect(press(s, 'k').state).toBe(s);
    });

    it('PgDn/Space and PgUp/b move a page less one line', () => {
      const s = opened();
      expect(inspector(press(s, '', { pageDown: true }).state).scroll).toBe(15);
      expect(inspector(press(s, ' ').state).scroll).toBe(15);
      const down2 = press(press(s, ' ').state, ' ').state;
      expect(inspector(press(down2, 'b').state).scroll).toBe(15);
      expect(inspector(press(down2, '', { pageUp: true }).state).scroll).toBe(15);
    });

    it('G goes to the last page and stops there; g goes back to the top', () => {
      const s = opened();
      const bottom = press(s, 'G').state;
      expect(inspector(bottom).scroll).toBe(lastTop(s));
      expect(press(bottom, 'j').state).toBe(bottom);
      expect(inspector(press(bottom, 'g').state).scroll).toBe(0);
    });

    it('←/→ scroll sideways by a step, up to the widest line and not past the left edge', () => {
      const s = opened();
      const right = press(s, '', { rightArrow: true }).state;
      expect(inspector(right).left).toBe(I.SIDEWAYS_STEP);
      expect(press(s, '', { leftArrow: true }).state).toBe(s);
      let far = s;
      for (let k = 0; k < 100; k++) far = press(far, '', { rightArrow: true }).state;
      // The widest line: `x-wide`, padded to `content-type`, and its 200 columns, in a window of 78.
      expect(inspector(far).left).toBe('content-type'.length + 2 + 200 - 78);
    });
  });

  describe('help', () => {
    it('? shows the inspector keys in the page, any key closes it, Esc does not leave the inspector', () => {
      const s = reduce(reduce(details(), I.openInspector(4)), I.inspectorLoaded('users', 4, httpAnswer()));
      const help = press(s, '?').state;
      expect(inspector(help).help).toBe(true);
      expect(inspector(press(help, 'x').state).help).toBe(false);
      expect(inspector(press(help, '', { escape: true }).state).help).toBe(false);
    });
  });

  it('routes only its own actions to its reducer', () => {
    expect(I.isInspectorAction(I.inspectorClose())).toBe(true);
    expect(I.isInspectorAction(A.overlayClose())).toBe(false);
    expect(run(details(), I.inspectorMove('down'))).toEqual(details());
  });
});
