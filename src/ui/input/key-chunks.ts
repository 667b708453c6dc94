import type { KeyPress } from './keymap.js';

const CONTROL_KEYS: Record<string, KeyPress> = {
  '\t': { tab: true },
  '\r': { return: true },
  '\n': { return: true },
  '\u007f': { backspace: true },
  '\b': { backspace: true },
};

/**
 * Ink hands a run of plain text as one input, control characters included: a fast
 * typist over ssh, a paste, or `tmux send-keys 'abc' Tab` arrives as "abc\t". Split it
 * into one key press per character so that "jj" moves twice and "name\tdesc" fills two
 * fields. Escape sequences (arrows…) already arrive alone and pass through unchanged.
 */
export function splitKeys(input: string, key: KeyPress): Array<[string, KeyPress]> {
  if ([...input].length <= 1 || key.ctrl || key.meta) return [[input, key]];
  return [...input].map((ch): [string, KeyPress] => {
    const control = CONTROL_KEYS[ch];
    if (control) return ['', control];
    const code = ch.codePointAt(0) ?? 0;
    // Ctrl-letter chords (Ctrl-C is 0x03): report them as Ink does, letter + ctrl.
    if (code < 0x20) return [String.fromCharCode(code + 0x60), { ctrl: true }];
    return [ch, /[A-Z]/.test(ch) ? { shift: true } : {}];
  });
}
