import { useInput } from 'ink';
import type { KeyPress } from './keymap.js';
import { splitKeys } from './key-chunks.js';

/** Forwards every key press to `onKey` (the controller maps it to actions), one per character. */
export function useKeys(onKey: (input: string, key: KeyPress) => void): void {
  useInput((input, key) => {
    for (const [ch, k] of splitKeys(input, key)) onKey(ch, k);
  });
}
