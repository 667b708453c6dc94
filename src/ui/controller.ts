import type { SyncEngine, SyncUpdate } from '../client/types.js';
import { systemClock, type Clock, type TimerHandle } from '../protocol/clock.js';
import { MagnetoError } from '../protocol/errors.js';
import { inspectorFailed, inspectorLoaded } from './state/inspector.js';
import { inspectorDoc, inspectorTabs } from './render/inspector-doc.js';
import { keyToCommands, type Effect, type KeyPress } from './input/keymap.js';
import { sanitize, sanitizeDetails, sanitizeInteraction } from './render/sanitize.js';
import * as A from './state/actions.js';
import type { UiAction } from './state/actions.js';
import { initialState, reduce } from './state/reducer.js';
import { nextDeadline } from './state/selectors.js';
import type { UiState } from './state/types.js';
import { fixedPacer, type FramePacer } from './screen/pacer.js';
import type { TerminalActions } from './terminal-actions.js';

export interface ControllerOptions {
  engine: SyncEngine;
  columns: number;
  rows: number;
  /** Time of day (relative times, toasts, flashes) and the frame timer. @default systemClock */
  clock?: Clock;
  /** @default fixedPacer(33) */
  pacer?: FramePacer;
  /**
   * CPU clock for frame cost: it measures work, not time of day, so it is not `clock`.
   * @default performance.now
   */
  cpuNow?: () => number;
  /** Called on the table's q and on Ctrl-C. */
  onQuit: () => void;
  /** The terminal's own actions (repaint…); without it, those keys do nothing. */
  terminal?: TerminalActions;
  /** The first sort. @default by name */
  sort?: UiState['sort'];
  /**
   * The open details are fetched again this long after the last update of their cassette
   * (trailing debounce on `clock`), so that a recorder's burst costs one or two fetches.
   * @default 250
   */
  detailsDebounceMs?: number;
  /**
   * …but never later than this after the first update they have not shown, so that a
   * recorder that writes without pause is still seen. @default 1000
   */
  detailsMaxWaitMs?: number;
  /** The cassette directory on this machine, when known (the embedded host's). */
  dir?: string;
}

/** While idle the clock still ticks this often, for relative times ("2m ago"). */
const IDLE_TICK_MS = 1000;

/** A fetch of the details in flight, and whether updates arrived while it ran. */
interface DetailsFetch {
  key: string;
  again: boolean;
}

function message(e: unknown): string {
  return sanitize(e instanceof Error ? e.message : String(e));
}

/** `not_found: interaction 7 not found…`: the code first, so that a user can look it up (protocol.md §5). */
function codedMessage(e: unknown): string {
  return e instanceof MagnetoError ? `${e.code}: ${message(e)}` : message(e);
}

/**
 * Owns UI state outside React: engine updates are queued and applied in one action per
 * frame, keys are reduced at once, and the view is published at most once per frame
 * (pacer decides the spacing). Effects (engine calls, quitting) run here.
 */
export class Controller {
  state: UiState;
  private readonly o: ControllerOptions;
  private readonly clock: Clock;
  /** `clock.now`, bound. */
  private readonly now: () => number;
  private readonly pacer: FramePacer;
  private readonly cpuNow: () => number;
  private queue: SyncUpdate[] = [];
  private timer: TimerHandle;
  private timerAt = Infinity;
  private earliest = 0;
  private keyEarliest = 0;
  private published: UiState | undefined;
  private publish: ((s: UiState) => void) | undefined;
  private unsubscribe: (() => void) | undefined;
  private detailsTimer: TimerHandle;
  /** When the first update the open details have not fetched arrived. */
  private detailsPendingSince: number | undefined;
  private detailsFetch: DetailsFetch | undefined;

  constructor(o: ControllerOptions) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
    this.now = () => this.clock.now();
    this.pacer = o.pacer ?? fixedPacer();
    this.cpuNow = o.cpuNow ?? (() => performance.now());
    this.state = initialState({
      now: this.now(),
      columns: o.columns,
      rows: o.rows,
      status: o.engine.status,
      info: o.engine.info,
      table: o.engine.table,
      ...(o.sort ? { sort: o.sort } : {}),
      ...(o.dir !== undefined ? { dir: o.dir } : {}),
    });
  }

  /** Starts listening to the engine; `publish` receives each frame's state. Returns the detach. */
  attach(publish: (s: UiState) => void): () => void {
    this.publish = publish;
    this.published = this.state;
    this.unsubscribe = this.o.engine.subscribe((u) => {
      this.queue.push(u);
      this.request(this.now());
      if (this.touchesDetails(u)) this.scheduleDetails();
    });
    this.request(this.now() + IDLE_TICK_MS);
    return () => this.detach();
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.publish = undefined;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    this.cancelDetails();
  }

  dispatch(action: UiAction): void {
    this.state = reduce(this.state, action);
    this.request(this.now());
  }

  /** A key press: reduced at once, drawn as soon as the frame-rate cap allows. */
  key(input: string, key: KeyPress): void {
    const now = this.now();
    const { actions, effect } = keyToCommands(this.state, input, key, now);
    for (const a of actions) this.state = reduce(this.state, a);
    if (actions.length > 0) this.request(now, true);
    if (effect) this.run(effect);
  }

  resize(columns: number, rows: number): void {
    if (columns === this.state.columns && rows === this.state.rows) return;
    this.dispatch(A.resize(columns, rows));
  }

  /** Draws a frame now if one is due (tests and resize use it). */
  flush(): void {
    this.frame();
  }

  /** Schedules a frame at `at` or later; `urgent` (a key) skips the CPU-share part of the gap. */
  private request(at: number, urgent = false): void {
    if (!this.publish) return;
    const when = Math.max(at, urgent ? this.keyEarliest : this.earliest);
    if (when >= this.timerAt) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timerAt = when;
    this.timer = this.clock.setTimeout(() => this.frame(), Math.max(0, when - this.now()));
  }

  private frame(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    if (!this.publish) return;
    const now = this.now();
    const updates = this.queue;
    this.queue = [];
    this.state = reduce(this.state, A.tick(now, updates));
    if (this.state !== this.published) {
      const t0 = this.cpuNow();
      this.published = this.state;
      this.publish(this.state);
      const delay = this.pacer.delayAfter(this.cpuNow() - t0);
      this.earliest = now + delay;
      this.keyEarliest = now + (this.pacer.keyDelay?.() ?? delay);
    }
    if (this.queue.length > 0) this.request(now);
    else this.request(Math.min(nextDeadline(this.state) ?? Infinity, now + IDLE_TICK_MS));
  }

  /** The open details' cassette was created, updated or re-listed differently (not deleted: that is a mark). */
  private touchesDetails(u: SyncUpdate): boolean {
    const o = this.state.overlay;
    if (o.kind !== 'details') return false;
    if (u.type === 'event')
      return u.change.name === o.key && u.change.kind !== 'deleted' && u.change.kind !== 'unchanged';
    if (u.type === 'snapshot') return u.changes.some((c) => c.name === o.key && c.kind !== 'deleted');
    return false;
  }

  private cancelDetails(): void {
    if (this.detailsTimer !== undefined) this.clock.clearTimeout(this.detailsTimer);
    this.detailsTimer = undefined;
    this.detailsPendingSince = undefined;
  }

  /** A refresh of the open details, debounced (ControllerOptions.detailsDebounceMs, detailsMaxWaitMs). */
  private scheduleDetails(): void {
    const now = this.now();
    this.detailsPendingSince ??= now;
    const wait = Math.min(
      this.o.detailsDebounceMs ?? 250,
      Math.max(0, this.detailsPendingSince + (this.o.detailsMaxWaitMs ?? 1000) - now),
    );
    if (this.detailsTimer !== undefined) this.clock.clearTimeout(this.detailsTimer);
    this.detailsTimer = this.clock.setTimeout(() => {
      this.detailsTimer = undefined;
      this.detailsPendingSince = undefined;
      const o = this.state.overlay;
      if (o.kind === 'details' && this.o.engine.table.has(o.key)) this.fetchDetails(o.key);
    }, wait);
  }

  /**
   * Fetches the details and interactions of `key`. One fetch at a time: updates that arrive
   * meanwhile are served by one more fetch, debounced, once it is done.
   */
  private fetchDetails(key: string): void {
    const { engine } = this.o;
    if (this.detailsFetch?.key === key) {
      this.detailsFetch.again = true;
      return;
    }
    const f: DetailsFetch = { key, again: false };
    this.detailsFetch = f;
    const done = (): void => {
      if (this.detailsFetch === f) this.detailsFetch = undefined;
      const o = this.state.overlay;
      if (f.again && this.publish && o.kind === 'details' && o.key === key) this.scheduleDetails();
    };
    Promise.all([engine.details(key), engine.interactions(key)])
      .then(
        ([d, list]) =>
          this.dispatch(A.detailsLoaded(key, sanitizeDetails(d), list.map(sanitizeInteraction), this.now())),
        (e: unknown) => this.dispatch(A.detailsFailed(key, message(e), this.now())),
      )
      .finally(done);
  }

  private run(effect: Effect): void {
    const { engine } = this.o;
    switch (effect.type) {
      case 'quit':
        this.o.onQuit();
        return;
      case 'repaint':
        this.o.terminal?.repaint();
        return;
      case 'copy':
        this.o.terminal?.copy(effect.text);
        return;
      case 'open': {
        const terminal = this.o.terminal;
        if (!terminal) {
          this.dispatch(A.toast('error', 'cannot run programs from here', this.now()));
          return;
        }
        terminal
          .open(effect.program, effect.path)
          .catch((e: unknown) => this.dispatch(A.toast('error', message(e), this.now())));
        return;
      }
      case 'relist':
        engine
          .relist()
          .catch((e: unknown) =>
            this.dispatch(A.toast('error', `re-list failed: ${message(e)}`, this.now())),
          );
        return;
      case 'remove':
        engine
          .remove(effect.key)
          .catch((e: unknown) =>
            this.dispatch(A.deleteFailed(effect.key, `delete failed: ${message(e)}`, this.now())),
          );
        return;
      case 'create':
        engine.create(effect.input).then(
          () => this.dispatch(A.formDone()),
          (e: unknown) => this.dispatch(A.formFailed(message(e), this.now())),
        );
        return;
      case 'update':
        engine.update(effect.key, effect.patch).then(
          () => this.dispatch(A.formDone()),
          (e: unknown) => this.dispatch(A.formFailed(message(e), this.now())),
        );
        return;
      case 'details':
        this.cancelDetails();
        this.fetchDetails(effect.key);
        return;
      case 'inspect':
        // Kept raw: the inspector sanitises what it draws, line by line (a body's line breaks matter).
        engine.interaction(effect.key, effect.index).then(
          (i) => {
            this.dispatch(inspectorLoaded(effect.key, effect.index, i));
            // After the first frame (its timer is due first): the other tabs' pages, so that
            // Tab finds a 256 KiB body already pretty-printed.
            this.clock.setTimeout(() => {
              for (const tab of inspectorTabs(i)) inspectorDoc(i, tab);
            }, 0);
          },
          (e: unknown) =>
            this.dispatch(inspectorFailed(effect.key, effect.index, codedMessage(e), this.now())),
        );
        return;
    }
  }
}
