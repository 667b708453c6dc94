import { byId } from './dom.js';

/** "Delete cassette x?": nothing is deleted without this confirmation. */
export class DeleteDialog {
  private readonly dialog = byId('delete-dialog', HTMLDialogElement);
  private readonly name = byId('delete-name', HTMLElement);
  private readonly error = byId('delete-error', HTMLParagraphElement);
  private readonly confirm = byId('delete-confirm', HTMLButtonElement);
  private target: string | undefined;

  constructor(remove: (name: string) => Promise<unknown>) {
    byId('delete-cancel', HTMLButtonElement).addEventListener('click', () => this.dialog.close());
    this.confirm.addEventListener('click', () => {
      const name = this.target;
      if (name === undefined) return;
      this.confirm.disabled = true;
      remove(name)
        .then(
          () => this.dialog.close(),
          (err: unknown) => (this.error.textContent = err instanceof Error ? err.message : String(err)),
        )
        .finally(() => (this.confirm.disabled = false));
    });
  }

  open(name: string): void {
    this.target = name;
    this.name.textContent = name;
    this.error.textContent = '';
    this.dialog.showModal();
    // The safe choice has the focus: Enter right after opening cancels.
    byId('delete-cancel', HTMLButtonElement).focus();
  }
}
