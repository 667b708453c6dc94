/**
 * What the UI asks of the terminal it runs on, beyond drawing frames: run-tui provides it
 * for the real terminal, tests hand in a fake (architecture.md §2).
 */
export interface TerminalActions {
  /**
   * Forgets what the terminal shows, clears it and draws the whole screen again (Ctrl-L,
   * after a garbled ssh link or another program wrote over the screen).
   */
  repaint(): void;
}
