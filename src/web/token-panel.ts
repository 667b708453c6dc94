import { isSubprotocolToken } from '../client/browser.js';
import { byId } from './dom.js';

/**
 * Where the page keeps the token (protocol.md §7): this tab's sessionStorage, so that it
 * survives a reload but not the tab, is never in a URL the server could log, and is sent
 * only to this server (REST `Authorization`, `/ws` subprotocol).
 */
const KEY = 'magneto-watch.token';

export function storedToken(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined; // storage disabled: the user pastes the token again after a reload
  }
}

function storeToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // storage disabled: the token lives as long as the page
  }
}

/** Asks for the token when the server refuses the page's (or its lack of one). */
export class TokenPanel {
  private readonly panel = byId('token-panel', HTMLElement);
  private readonly input = byId('token-input', HTMLInputElement);
  private readonly reason = byId('token-reason', HTMLParagraphElement);
  private readonly error = byId('token-error', HTMLParagraphElement);

  constructor(use: (token: string) => void) {
    byId('token-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      const token = this.input.value.trim();
      if (!isSubprotocolToken(token)) {
        this.error.textContent = 'A browser can only send a token of letters, digits and - . _ ~';
        return;
      }
      storeToken(token);
      this.input.value = '';
      this.hide();
      use(token);
    });
  }

  show(hadToken: boolean): void {
    this.reason.textContent = hadToken
      ? 'The server refused this token. Paste the one it was started with (serve --token).'
      : 'This server needs a token (serve --token). Paste it to connect.';
    this.error.textContent = '';
    if (this.panel.hidden) {
      this.panel.hidden = false;
      this.input.focus();
    }
  }

  hide(): void {
    this.panel.hidden = true;
  }
}
