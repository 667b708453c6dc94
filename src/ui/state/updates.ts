import { changeKind, type TableChange } from '../../client/index.js';
import type { CassetteSummary } from '../../protocol/index.js';
import { expireMarks, markChange, toastText } from './marks.js';
import { addToast, expireToasts } from './toasts.js';
import type { RowMark, SyncUpdate, UiState } from './types.js';
import { computeVisible, refreshVisible } from './visible.js';

/**
 * What one frame does to the rows: marks copied once, the names whose row changed, and
 * whether the visible rows must be sorted again from scratch (a first list).
 */
class FrameChanges {
  marks: Map<string, RowMark> | undefined;
  readonly touched = new Set<string>();
  readonly toasts: string[] = [];
  rebuild = false;

  constructor(
    private readonly state: UiState,
    private readonly now: number,
  ) {}

  mark(change: TableChange): void {
    if (change.kind === 'unchanged') return;
    markChange((this.marks ??= new Map(this.state.marks)), change, this.now);
    this.touched.add(change.name);
    const text = toastText(change);
    if (text !== undefined) this.toasts.push(text);
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
 * Applies the engine's updates of one frame. The engine's table already holds their
 * result; the updates say which rows changed and what they were (protocol.md §4.2).
 */
export function applyUpdates(state: UiState, updates: readonly SyncUpdate[], now: number): UiState {
  let s = state;
  const frame = new FrameChanges(state, now);
  for (const u of updates) {
    switch (u.type) {
      case 'status':
        s = { ...s, status: u.status };
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
        } else if (s.paused) s = absorb(s, u.changes);
        else for (const c of u.changes) frame.mark(c);
        break;
      case 'event':
        if (s.paused) s = absorb(s, [u.change]);
        else frame.mark(u.change);
        break;
    }
  }
  return frame.apply(s);
}

/** Pauses, or resumes and shows at once everything that changed meanwhile. */
export function togglePause(state: UiState, now: number): UiState {
  const p = state.paused;
  if (!p) return { ...state, paused: { count: 0, before: new Map() } };
  const s: UiState = { ...state, paused: null };
  const frame = new FrameChanges(s, now);
  for (const [name, previous] of p.before) {
    frame.mark({ name, kind: changeKind(previous, s.table.get(name)), previous });
  }
  return frame.apply(s);
}

/** Time moves on: toasts, flashes and tombstones expire. */
export function expire(state: UiState, now: number): UiState {
  let s = state;
  const toasts = expireToasts(s, now);
  if (toasts !== s) s = { ...s, ...toasts };
  const { marks, gone } = expireMarks(s.marks, now);
  if (marks !== s.marks) s = { ...s, marks };
  if (gone.size > 0) {
    const visible = refreshVisible(s, gone);
    if (visible !== s.visible) s = { ...s, visible };
  }
  return s;
}
