import type { ReactElement } from 'react';
import type { SyncEngine } from '../client/types.js';
import type { Clock } from '../protocol/clock.js';
import { App } from './components/app.js';
import { Controller } from './controller.js';
import type { HeaderLabels } from './render/header-line.js';
import type { ColumnId } from './render/layout.js';
import { createRowRenderer } from './render/row-line.js';
import { sanitize } from './render/sanitize.js';
import { screenBlocks, screenHeight, screenWidth, type ScreenContext } from './render/screen.js';
import { createTheme } from './render/theme.js';
import { composeScreen } from './screen/line-slots.js';
import type { FramePacer } from './screen/pacer.js';
import type { UiState } from './state/types.js';
import type { TerminalActions } from './terminal-actions.js';

export interface SessionOptions {
  engine: SyncEngine;
  urlLabel: string;
  /**
   * The cassette directory on this machine, when known (the embedded host's): shown on the
   * status line, and where `o`, `v` and `Y` find files. @default the server's Hello `dir`
   */
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
  /** The table's columns (layout.ts). @default COLUMN_IDS */
  tableColumns?: readonly ColumnId[];
  /** Receives every screen, once per frame (run-tui writes the changed lines to the terminal). */
  onScreen?: (screen: string) => void;
  onQuit: () => void;
  /** The terminal's own actions (Ctrl-L…). @default none: those keys do nothing */
  terminal?: TerminalActions;
  /** The first sort. @default by name */
  sort?: UiState['sort'];
}

/** Ink's `render` result, or ink-testing-library's: what Ink wrote last is its layout of markers. */
export interface Mounted {
  rerender(node: ReactElement): void;
  unmount(): void;
  lastFrame(): string | undefined;
}

export interface Session {
  controller: Controller;
  /** The screen of the last frame. */
  screen(): string;
  /** The terminal changed size: re-layout and draw at once. */
  resize(columns: number, rows: number): void;
  close(): void;
}

function labelsOf(o: SessionOptions): HeaderLabels {
  const labels: HeaderLabels = { url: sanitize(o.urlLabel) };
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
  return labels;
}

/**
 * Wires a controller to an Ink tree. Each frame builds the screen's lines from the state
 * (render/screen.ts). Ink lays out one marker per line and renders again only when the
 * screen's shape (lines per block, size) changes, synchronously, through `rerender`; the
 * lines are put in place of the markers of its last layout. Under an event storm rows
 * change, not the shape: a frame then costs the lines and the diff, not a React render.
 */
export function startSession(o: SessionOptions, mount: (node: ReactElement) => Mounted): Session {
  const ctx: ScreenContext = {
    theme: createTheme(o.color ?? true),
    labels: labelsOf(o),
    renderRow: createRowRenderer(),
    ...(o.tableColumns ? { columns: o.tableColumns } : {}),
  };
  const controller = new Controller({
    engine: o.engine,
    columns: o.columns,
    rows: o.rows,
    onQuit: o.onQuit,
    ...(o.terminal ? { terminal: o.terminal } : {}),
    ...(o.dirLabel !== undefined ? { dir: o.dirLabel } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.pacer ? { pacer: o.pacer } : {}),
    ...(o.sort ? { sort: o.sort } : {}),
  });
  const onKey = controller.key.bind(controller);
  let mounted: Mounted | undefined;
  let shape = '';
  let screen = '';

  const draw = (state: UiState): void => {
    const blocks = screenBlocks(state, ctx);
    const heights = blocks.map((b) => b.length);
    const width = screenWidth(state);
    const height = screenHeight(state);
    const next = `${heights.join(',')}|${width}|${height}`;
    const app = <App shape={heights} width={width} height={height} onKey={onKey} />;
    if (!mounted) mounted = mount(app);
    else if (next !== shape) mounted.rerender(app);
    shape = next;
    screen = composeScreen(mounted.lastFrame() ?? '', blocks.flat());
    o.onScreen?.(screen);
  };

  draw(controller.state);
  const detach = controller.attach(draw);
  return {
    controller,
    screen: () => screen,
    resize(columns, rows) {
      controller.resize(columns, rows);
      controller.flush();
    },
    close() {
      detach();
      mounted?.unmount();
    },
  };
}
