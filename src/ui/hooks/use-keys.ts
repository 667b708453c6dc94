import { useInput } from 'ink';
import type { KeyPress } from '../keymap.js';

/** Forwards every key press to `onKey` (the controller maps it to actions). */
export function useKeys(onKey: (input: string, key: KeyPress) => void): void {
  useInput((input, key) => onKey(input, key));
}
