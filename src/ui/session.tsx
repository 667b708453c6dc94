import type { ReactElement } from 'react';
import type { SyncEngine } from '../client/types.js';
import { App, type ScreenLabels } from './components/app.js';
import { LineSlotsContext } from './components/lines.js';
import type { Clock } from '../protocol/clock.js';
import { Controller } from './controller.js';
import { sanitize } from './render/sanitize.js';
import { createLineSlots, type LineSlots } from './screen/line-slots.js';
import type { FramePacer } from './screen/pacer.js';
import type { UiState } from './state/types.js';
import { createTheme } from './render/theme.js';

export interface SessionOptions {
  engine: SyncEngine;
  urlLabel: string;
  dirLabel?: string;
  /** Status-line notice; a function is read at every frame (e.g. "hosting" after a takeover). */
  notice?: string | (() => string | undefined);
  /** @default true */
  color?: boolean;
  /** Time of day and the frame timer. @default systemClock */
  clock?: Clock;
  columns: number;
  rows: number;
  /** @default fixedPacer(33) */
  pacer?: FramePacer;
  /**
   * Where pre-built lines wait while Ink lays out their markers; whoever receives Ink's
   * frames turns them into the screen with `slots.compose`. @default createLineSlots()
   */
  slots?: LineSlots;
  onQuit: () => void;
}

/** Ink's `render` result, or ink-testing-library's. */
export interface Mounted {
  rerender(node: ReactElement): void;
  unmount(): void;
}

export interface Session {
  controller: Controller;
  /** The screen for a frame Ink wrote: its line markers replaced by the lines. */
  compose(inkFrame: string): string;
  /** The terminal changed size: re-layout and draw at once. */
  resize(columns: number, rows: number): void;
  close(): void;
}

/**
 * Wires a controller to an Ink tree. Frames are drawn with `rerender`, which Ink renders
 * synchronously: a frame's cost is measurable, and nothing renders between frames. Ink
 * writes line markers, not the lines: pass its frames through `compose`.
 */
export function startSession(o: SessionOptions, mount: (node: ReactElement) => Mounted): Session {
  const theme = createTheme(o.color ?? true);
  const labels: ScreenLabels = { url: sanitize(o.urlLabel) };
  if (o.dirLabel !== undefined) labels.dir = sanitize(o.dirLabel);
  const notice = o.notice;
  if (typeof notice === 'function') {
    Object.defineProperty(labels, 'notice', {
      enumerable: true,
      get: () => {
        const text = notice();
        return text === undefined ? undefined : sanitize(text);
      },
    });
  } else if (notice !== undefined) labels.notice = sanitize(notice);
  const controller = new Controller({
    engine: o.engine,
    columns: o.columns,
    rows: o.rows,
    onQuit: o.onQuit,
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.pacer ? { pacer: o.pacer } : {}),
  });
  const slots = o.slots ?? createLineSlots();
  const onKey = controller.key.bind(controller);
  const view = (state: UiState) => {
    slots.begin();
    return (
      <LineSlotsContext.Provider value={slots}>
        <App state={state} theme={theme} labels={labels} onKey={onKey} />
      </LineSlotsContext.Provider>
    );
  };
  const mounted = mount(view(controller.state));
  const detach = controller.attach((state) => mounted.rerender(view(state)));
  return {
    controller,
    compose: (inkFrame) => slots.compose(inkFrame),
    resize(columns, rows) {
      controller.resize(columns, rows);
      controller.flush();
    },
    close() {
      detach();
      mounted.unmount();
    },
  };
}
