import type { TableChange } from '../client/browser.js';
import type { CassetteSummary } from '../protocol/index.js';
import { afterAnimation, el } from './dom.js';
import { compareNames, matchesFilter, rowCells } from './rows.js';

/** What a row's buttons ask for. */
export interface RowActions {
  details(name: string): void;
  remove(name: string): void;
}

interface Row {
  tr: HTMLTableRowElement;
  summary: CassetteSummary;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function recorded(iso: string): Node {
  if (iso === '') return document.createTextNode('—');
  return el('time', { text: dateFormat.format(new Date(iso)), attrs: { datetime: iso, title: iso } });
}

/** The `data-action` of the focused button in `tr`, if focus is there. */
function focusedAction(tr: HTMLTableRowElement): string | undefined {
  const active = document.activeElement;
  return active instanceof HTMLElement && tr.contains(active) ? active.dataset.action : undefined;
}

function focusAction(tr: HTMLTableRowElement, action: string): void {
  tr.querySelector<HTMLElement>(`[data-action="${action}"]`)?.focus();
}

/** Replays a row's CSS animation for `change` (`created`, `updated` or `deleted`). */
function animate(tr: HTMLTableRowElement, change: string): void {
  tr.removeAttribute('data-change');
  void tr.offsetWidth; // a reflow, so that setting the same value starts the animation again
  tr.dataset.change = change;
}

/**
 * The table's body, one row per name of the engine's table, in name order. A created row
 * fades in, an updated one flashes, a deleted one fades out before it leaves (US-3.2.2,
 * US-3.2.3); with reduced motion they just appear and go. The engine's table stays the only
 * fold of the server's state (architecture.md §3): the view keeps the rows it shows.
 */
export class TableView {
  private readonly rows = new Map<string, Row>();
  private filter = '';

  constructor(
    private readonly body: HTMLTableSectionElement,
    actions: RowActions,
  ) {
    body.addEventListener('click', (event) => {
      const button = (event.target as Element).closest('button[data-action]');
      const name = button?.closest('tr')?.dataset.name;
      if (!(button instanceof HTMLButtonElement) || name === undefined) return;
      if (button.dataset.action === 'details') actions.details(name);
      else if (button.dataset.action === 'remove') actions.remove(name);
    });
  }

  /** Shows `table` as it is, without animation (a first list, a new connection). */
  reset(table: ReadonlyMap<string, CassetteSummary>): void {
    this.rows.clear();
    const sorted = [...table.values()].sort((a, b) => compareNames(a.name, b.name));
    const trs = sorted.map((summary) => {
      const row = { tr: this.build(summary), summary };
      this.rows.set(summary.name, row);
      return row.tr;
    });
    this.body.replaceChildren(...trs);
  }

  /** One change of the engine's table; `current` is the row's summary after it. */
  apply(change: TableChange, current: CassetteSummary | undefined): void {
    if (change.kind === 'unchanged') return;
    const row = this.rows.get(change.name);
    if (change.kind === 'deleted' || current === undefined) {
      if (row) this.leave(change.name, row);
      return;
    }
    if (row) {
      row.summary = current;
      const focused = focusedAction(row.tr);
      const fresh = this.build(current);
      row.tr.replaceChildren(...fresh.childNodes);
      row.tr.hidden = fresh.hidden;
      if (focused !== undefined) focusAction(row.tr, focused);
      animate(row.tr, 'updated');
      this.settle(row.tr);
      return;
    }
    const tr = this.build(current);
    this.rows.set(change.name, { tr, summary: current });
    this.body.insertBefore(tr, this.rowAfter(change.name));
    animate(tr, 'created');
    this.settle(tr);
  }

  /** Hides the rows that do not match (name or description, case-insensitive). */
  setFilter(filter: string): void {
    this.filter = filter;
    for (const { tr, summary } of this.rows.values()) tr.hidden = !matchesFilter(summary, filter);
  }

  /** Rows shown with the filter, and all rows. */
  counts(): { shown: number; total: number } {
    let shown = 0;
    for (const { summary } of this.rows.values()) if (matchesFilter(summary, this.filter)) shown++;
    return { shown, total: this.rows.size };
  }

  private leave(name: string, row: Row): void {
    this.rows.delete(name);
    // Focus moves on to the next row rather than into a row that is going away.
    if (focusedAction(row.tr) !== undefined) {
      const next = this.rowAfter(name);
      if (next) focusAction(next, 'details');
    }
    row.tr.inert = true;
    animate(row.tr, 'deleted');
    afterAnimation(row.tr, () => row.tr.remove());
  }

  /** Ends a row's animation state once it has played, so that it is not replayed on a repaint. */
  private settle(tr: HTMLTableRowElement): void {
    afterAnimation(tr, () => {
      if (tr.dataset.change !== 'deleted') tr.removeAttribute('data-change');
    });
  }

  /** The first shown row whose name sorts after `name` (rows fading out are skipped), or null. */
  private rowAfter(name: string): HTMLTableRowElement | null {
    for (const tr of this.body.rows) {
      const other = tr.dataset.name;
      if (other !== undefined && tr.dataset.change !== 'deleted' && compareNames(other, name) > 0) return tr;
    }
    return null;
  }

  private build(summary: CassetteSummary): HTMLTableRowElement {
    const c = rowCells(summary);
    const nameCell = el('th', { attrs: { scope: 'row' } }, [
      el('button', {
        className: 'link',
        text: c.name,
        attrs: { type: 'button', 'data-action': 'details', title: `Details of ${c.name}` },
      }),
    ]);
    if (c.error !== '') {
      nameCell.append(el('span', { className: 'tag error', text: 'unreadable', attrs: { title: c.error } }));
    }
    const tr = el('tr', { attrs: { 'data-name': c.name } }, [
      nameCell,
      el('td', { className: 'description', text: c.description }),
      el('td', { className: 'mode', text: c.mode }),
      el('td', { className: 'num interactions', text: c.interactions }),
      el('td', { className: 'recorded' }, [recorded(c.recordedIso)]),
      el('td', { className: 'num size', text: c.size }),
      el('td', { className: 'actions' }, [
        el('button', {
          className: 'danger',
          text: 'Delete',
          attrs: { type: 'button', 'data-action': 'remove', 'aria-label': `Delete ${c.name}` },
        }),
      ]),
    ]);
    tr.hidden = !matchesFilter(summary, this.filter);
    return tr;
  }
}
