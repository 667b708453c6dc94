import { descriptionProblem, isMode, nameProblem, type CassetteMode } from '../protocol/index.js';
import { byId } from './dom.js';

export type CreateInput = { name: string; description: string | null; mode: CassetteMode };

/**
 * "New cassette": name, description and mode, checked by the protocol's rules and
 * sentences before sending (protocol.md §5.1), then by the server; its refusal (e.g.
 * `cassette "x" already exists`) is shown in the form, as text.
 */
export class CreateDialog {
  private readonly dialog = byId('create-dialog', HTMLDialogElement);
  private readonly form = byId('create-form', HTMLFormElement);
  private readonly error = byId('create-error', HTMLParagraphElement);
  private readonly submit = byId('create-submit', HTMLButtonElement);

  constructor(create: (input: CreateInput) => Promise<unknown>) {
    byId('create-cancel', HTMLButtonElement).addEventListener('click', () => this.dialog.close());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = this.read();
      if (typeof input === 'string') return this.fail(input);
      this.submit.disabled = true;
      create(input)
        .then(
          () => this.dialog.close(),
          (err: unknown) => this.fail(err instanceof Error ? err.message : String(err)),
        )
        .finally(() => (this.submit.disabled = false));
    });
  }

  open(): void {
    this.form.reset();
    this.error.textContent = '';
    this.dialog.showModal();
  }

  /** The form's input, or the sentence saying what is wrong with it. */
  private read(): CreateInput | string {
    const data = new FormData(this.form);
    const name = String(data.get('name') ?? '').trim();
    const description = String(data.get('description') ?? '');
    const mode = data.get('mode');
    const problem = nameProblem(name) ?? descriptionProblem(description);
    if (problem !== undefined) return problem;
    return { name, description: description === '' ? null : description, mode: isMode(mode) ? mode : 'auto' };
  }

  private fail(message: string): void {
    this.error.textContent = message;
  }
}
