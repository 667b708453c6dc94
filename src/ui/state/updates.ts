import { addedInteractions, changeKind, type TableChange } from '../../client/index.js';
import type { CassetteSummary } from '../../protocol/index.js';
import { agedMark, copyMarks, markChange, toastText } from './marks.js';
import { plural } from '../render/format.js';
import type { NewLogEntry } from './event-log.js';
import { addToast, expireToasts } from './toasts.js';
import type { RowMark, SyncUpdate, UiState } from './types.js';
import { computeVisible, refreshVisible } from './visible.js';

/**
 * What one frame does to the rows: the marks, copied at most once a frame (and only when
 * something changes), the names whose row changed, and whether the visible rows must be
 * sorted again from scratch (a first list).
 */
class FrameChanges {
  private marks: Map<string, RowMark> | undefined;
  /** Names whose row changed, with the summary their row showed at the frame's start. */
  private readonly touched = new Map<string, CassetteSummary | undefined>();
  private readonly toasts: string[] = [];
  rebuild = false;

  constructor(
    private readonly base: ReadonlyMap<string, RowMark>,
    private readonly now: number,
  ) {}

  private own(): Map<string, RowMark> {
    return (this.marks ??= copyMarks(this.base));
  }

  /** The row changed: it is drawn again, without a flash or a toast. */
  touch(change: TableChange): void {
    if (change.kind === 'unchanged') return;
    // The first change of a name this frame says what its row showed: what the engine held
    // before it, else the tombstone of an earlier deletion.
    if (!this.touched.has(change.name)) {
      this.touched.set(change.name, change.previous ?? this.base.get(change.name)?.tombstone);
    }
  }

  /** The row changed to `current` (undefined: deleted): it flashes, and a toast says so. */
  mark(change: TableChange, current: CassetteSummary | undefined): void {
    if (change.kind === 'unchanged') return;
    this.touch(change);
    markChange(this.own(), change, this.now, current);
    const text = toastText(change, current);
    if (text !== undefined) this.toasts.push(text);
  }

  /**
   * The row of `name` holds another summary object equal to the one it showed (`shown`):
   * nothing to mark, but the visible rows must hold the new object, the one later changes
   * name as their `previous`.
   */
  swap(name: string, shown: CassetteSummary | undefined): void {
    if (!this.touched.has(name)) this.touched.set(name, shown);
  }

  /** Flashes and tombstones whose time is over end; a tombstone takes its row with it. */
  expire(): void {
    (this.marks ?? this.base).forEach((mark, name) => {
      const aged = agedMark(mark, this.now);
      if (aged === 'keep') return;
      if (aged === 'deleting') this.own().set(name, { deleting: true });
      else this.own().delete(name);
      if (aged === 'tombstone-gone' && !this.touched.has(name)) this.touched.set(name, mark.tombstone);
    });
  }

  /** `state` with these changes: marks, visible rows and toasts. */
  apply(state: UiState): UiState {
    let s = this.marks ? { ...state, marks: this.marks } : state;
    if (this.rebuild) s = { ...s, visible: computeVisible(s) };
    else if (this.touched.size > 0) {
      const visible = refreshVisible(s, this.touched);
      if (visible !== s.visible) s = { ...s, visible };
    }
    let t: Pick<UiState, 'toasts' | 'more' | 'nextToastId'> = s;
    for (const text of this.toasts) t = addToast(t, 'info', text, this.now);
    return t === s ? s : { ...s, ...t };
  }
}

/** While paused: remembers what each touched name was at the pause, once, and counts. */
function absorb(state: UiState, changes: readonly TableChange[]): UiState {
  const p = state.paused;
  if (!p) return state;
  let before = p.before as Map<string, CassetteSummary | undefined>;
  let copied = false;
  for (const c of changes) {
    if (c.kind === 'unchanged' || before.has(c.name)) continue;
    if (!copied) {
      before = new Map(before);
      copied = true;
    }
    before.set(c.name, c.previous);
  }
  return { ...state, paused: { count: p.count + 1, before } };
}

/**
 * One frame: applies the engine's updates since the last one (the engine's table already
 * holds their result; the updates say which rows changed and what they were, protocol.md
 * §4.2), then lets toasts, flashes and tombstones expire.
 */
export function tick(state: UiState, updates: readonly SyncUpdate[], now: number): UiState {
  let s = state;
  const frame = new FrameChanges(state.marks, now);
  // What the event log keeps of this frame, paused or not: the log is what happened.
  const log: NewLogEntry[] = [];
  const logChange = (c: TableChange, current: CassetteSummary | undefined): void => {
    if (c.kind === 'unchanged') return;
    const added = c.kind === 'updated' ? addedInteractions(c.previous, current) : 0;
    log.push({ kind: c.kind, name: c.name, at: now, ...(added > 0 ? { added } : {}) });
  };
  for (const u of updates) {
    switch (u.type) {
      case 'status':
        s = { ...s, status: u.status };
        log.push({ kind: 'status', status: u.status, at: now });
        break;
      case 'server':
        s = { ...s, info: u.info };
        break;
      case 'hello':
        if (u.hello.dir !== undefined && s.info.dir === undefined)
          s = { ...s, info: { ...s.info, dir: u.hello.dir } };
        break;
      case 'snapshot':
        // The first list is shown at once, paused or not, and flashes nothing.
        if (!s.loaded) {
          s = { ...s, loaded: true };
          frame.rebuild = true;
          log.push({ kind: 'info', text: `listed ${plural(s.table.size, 'cassette')}`, at: now });
          break;
        }
        log.push({
          kind: 'info',
          text: `re-listed (${u.reason}): ${plural(s.table.size, 'cassette')}`,
          at: now,
        });
        for (const c of u.changes) logChange(c, s.table.get(c.name));
        if (s.paused) s = absorb(s, u.changes);
        else for (const c of u.changes) frame.mark(c, s.table.get(c.name));
        break;
      case 'event': {
        // What this event made of the row (the table may hold a later event's summary).
        const current = u.event.type === 'CassetteDeleted' ? undefined : u.event.cassette;
        logChange(u.change, current);
        if (s.paused) s = absorb(s, [u.change]);
        // While the server's first index runs, rows appear quietly: each is a creation
        // event (protocol.md §3.7), and ten thousand flashes would say nothing.
        else if (s.info.indexing) frame.touch(u.change);
        else frame.mark(u.change, current);
        break;
      }
    }
  }
  if (log.length > 0) s = { ...s, log: s.log.append(log) };
  frame.expire();
  s = frame.apply(s);
  const toasts = expireToasts(s, now);
  return toasts === s ? s : { ...s, ...toasts };
}

/** Pauses, or resumes and shows at once everything that changed meanwhile. */
export function togglePause(state: UiState, now: number): UiState {
  const p = state.paused;
  if (!p) return { ...state, paused: { count: 0, before: new Map() } };
  const s: UiState = { ...state, paused: null };
  const frame = new FrameChanges(s.marks, now);
  p.before.forEach((previous, name) => {
    const current = s.table.get(name);
    const kind = changeKind(previous, current);
    // Deleted and created again while paused: equal to what the row shows, but another object.
    if (kind === 'unchanged') {
      if (previous !== current) frame.swap(name, previous);
    } else frame.mark({ name, kind, previous }, current);
  });
  return frame.apply(s);
}
