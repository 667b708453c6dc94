/**
 * The live page at `/` (protocol.md §7): the terminal's sync engine (client/browser.ts)
 * with the browser's fetch and WebSocket, drawn as plain DOM. Every server string is
 * inserted as text, never as HTML.
 */
import {
  addedInteractions,
  changeSentence,
  createSync,
  type ConnectionStatus,
  type SyncEngine,
  type SyncUpdate,
} from '../client/browser.js';
import { badge } from './badge.js';
import { CreateDialog } from './create-dialog.js';
import { DeleteDialog } from './delete-dialog.js';
import { DetailsDialog } from './details-dialog.js';
import { byId } from './dom.js';
import { TableView } from './table-view.js';
import { Toasts } from './toasts.js';
import { storedToken, TokenPanel } from './token-panel.js';

/** The server is the one that served the page (behind a path prefix too). */
const serverUrl = new URL('.', window.location.href).href;

const badgeEl = byId('badge', HTMLElement);
const badgeLabel = byId('badge-label', HTMLElement);
const badgeDetail = byId('badge-detail', HTMLElement);
const countEl = byId('count', HTMLElement);
const filterInput = byId('filter', HTMLInputElement);
const newButton = byId('new', HTMLButtonElement);
const emptyNote = byId('empty', HTMLParagraphElement);

let engine: SyncEngine | undefined;
let token = storedToken();
let status: ConnectionStatus = { kind: 'connecting' };
let countdown: ReturnType<typeof setInterval> | undefined;
/** The current engine has listed the server at least once. */
let listed = false;

const toasts = new Toasts(byId('toasts', HTMLElement));
const table = new TableView(byId('rows', HTMLTableSectionElement), {
  details: (name) => details.open(name),
  remove: (name) => deletion.open(name),
});
const details = new DetailsDialog({
  details: (name) => current().details(name),
  interactions: (name) => current().interactions(name),
});
const creation = new CreateDialog((input) => current().create(input));
const deletion = new DeleteDialog((name) => current().remove(name));
const tokenPanel = new TokenPanel((t) => {
  token = t;
  connect();
});

function current(): SyncEngine {
  if (engine === undefined) throw new Error('not connected');
  return engine;
}

function renderBadge(): void {
  const b = badge(status, Date.now());
  badgeEl.dataset.tone = b.tone;
  badgeLabel.textContent = b.label;
  badgeDetail.textContent = b.detail;
}

function renderCount(): void {
  const { shown, total } = table.counts();
  const noun = total === 1 ? 'cassette' : 'cassettes';
  // Before the first list there is nothing to count (connecting, or waiting for a token).
  countEl.textContent = !listed ? '' : shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`;
  emptyNote.hidden = !listed || total > 0;
}

function onStatus(next: ConnectionStatus): void {
  status = next;
  clearInterval(countdown);
  countdown = undefined;
  // The countdown of a retry ticks every second until the status changes.
  if ('retryAt' in next && next.retryAt !== undefined) countdown = setInterval(renderBadge, 1000);
  renderBadge();
  renderCount();
  if (next.kind === 'failed' && next.code === 'unauthorized') tokenPanel.show(token !== undefined);
  else if (next.kind === 'live' || next.kind === 'polling') tokenPanel.hide();
}

function onUpdate(e: SyncEngine, u: SyncUpdate): void {
  switch (u.type) {
    case 'status':
      return onStatus(u.status);
    case 'server':
      newButton.disabled = !u.info.canCreate;
      return;
    case 'snapshot':
      // The first list is shown as it is; a later one (a re-list, a reconnect) says what changed.
      listed = true;
      if (u.reason === 'initial') table.reset(e.table);
      else for (const c of u.changes) change(e, c);
      return renderCount();
    case 'event':
      change(e, u.change);
      return renderCount();
    case 'hello':
      return;
  }
}

function change(e: SyncEngine, c: Extract<SyncUpdate, { type: 'event' }>['change']): void {
  const current = e.table.get(c.name);
  table.apply(c, current);
  const sentence = changeSentence(c.kind, c.name, addedInteractions(c.previous, current));
  if (sentence !== undefined) toasts.show(sentence);
}

/** (Re)starts the engine, with the token if there is one (a new token means a new engine). */
function connect(): void {
  const previous = engine;
  const next = createSync({ url: serverUrl, ...(token !== undefined ? { token } : {}) });
  engine = next;
  listed = false;
  void previous?.stop();
  table.reset(next.table);
  next.subscribe((u) => {
    if (engine === next) onUpdate(next, u);
  });
  onStatus(next.status);
  next.start();
}

filterInput.addEventListener('input', () => {
  table.setFilter(filterInput.value);
  renderCount();
});
newButton.addEventListener('click', () => creation.open());

// Keys of the terminal UI where they make sense: / filters, n creates, Esc clears the filter.
document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || document.querySelector('dialog[open]')) return;
  const target = event.target;
  if (target === filterInput && event.key === 'Escape') {
    filterInput.value = '';
    table.setFilter('');
    renderCount();
    return;
  }
  if (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return;
  if (event.key === '/') {
    event.preventDefault();
    filterInput.focus();
  } else if (event.key === 'n' && !newButton.disabled) {
    event.preventDefault();
    creation.open();
  }
});

connect();
