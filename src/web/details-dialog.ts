import { formatBytes } from '../protocol/index.js';
import type { CassetteDetails, InteractionSummary } from '../protocol/index.js';
import { byId, el } from './dom.js';

/** Interactions listed in the dialog; the rest are counted. */
export const MAX_LISTED_INTERACTIONS = 200;

export interface DetailsSource {
  details(name: string): Promise<CassetteDetails>;
  interactions(name: string): Promise<InteractionSummary[]>;
}

function field(term: string, value: string): Node[] {
  return [el('dt', { text: term }), el('dd', { text: value })];
}

function interactionLine(i: InteractionSummary): string {
  if (i.kind === 'WebSocket') return `WS ${i.url} (${i.messages_count ?? 0} messages)`;
  const outcome = i.kind === 'HttpError' ? `error: ${i.error ?? 'unknown'}` : String(i.status ?? '—');
  return `${i.method ?? '?'} ${i.url} → ${outcome}`;
}

/** A cassette's details and its interactions, as the terminal's Enter shows them. */
export class DetailsDialog {
  private readonly dialog = byId('details-dialog', HTMLDialogElement);
  private readonly title = byId('details-title', HTMLHeadingElement);
  private readonly fields = byId('details-fields', HTMLDListElement);
  private readonly list = byId('details-interactions', HTMLOListElement);
  private readonly note = byId('details-note', HTMLParagraphElement);
  private shown = 0;

  constructor(private readonly source: DetailsSource) {
    byId('details-close', HTMLButtonElement).addEventListener('click', () => this.dialog.close());
  }

  open(name: string): void {
    const ticket = ++this.shown;
    this.title.textContent = name;
    this.fields.replaceChildren();
    this.list.replaceChildren();
    this.note.textContent = 'Loading…';
    this.dialog.showModal();
    Promise.all([
      this.source.details(name),
      this.source.interactions(name).catch((err: unknown) => err),
    ]).then(
      ([details, interactions]) => {
        if (ticket !== this.shown) return;
        this.fill(details);
        if (Array.isArray(interactions)) this.fillInteractions(interactions);
        else this.note.textContent = interactions instanceof Error ? interactions.message : '';
      },
      (err: unknown) => {
        if (ticket === this.shown) this.note.textContent = err instanceof Error ? err.message : String(err);
      },
    );
  }

  private fill(d: CassetteDetails): void {
    this.fields.replaceChildren(
      ...field('Description', d.description ?? '—'),
      ...field('Mode', d.mode ?? 'auto'),
      ...field('Recorded', d.recorded_at ?? '—'),
      ...field(
        'Interactions',
        `${d.interactions_count ?? '—'} (HTTP ${d.http_count}, errors ${d.http_error_count}, WebSocket ${d.websocket_count})`,
      ),
      ...field('Cookies', String(d.cookies_count)),
      ...field('Size', d.size_bytes === undefined ? '—' : formatBytes(d.size_bytes)),
      ...field('Format version', d.version ?? '—'),
      ...(d.error !== undefined ? field('Unreadable', d.error) : []),
    );
  }

  private fillInteractions(items: InteractionSummary[]): void {
    const shown = items.slice(0, MAX_LISTED_INTERACTIONS);
    this.list.replaceChildren(...shown.map((i) => el('li', { text: interactionLine(i) })));
    const more = items.length - shown.length;
    this.note.textContent =
      items.length === 0 ? 'No interactions.' : more > 0 ? `… and ${more} more interactions.` : '';
  }
}
