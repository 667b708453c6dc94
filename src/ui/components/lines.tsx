import { Transform } from 'ink';
import { createContext, useContext, useMemo } from 'react';
import type { LineSlots } from '../screen/line-slots.js';

/** Where {@link Lines} sends its lines; the session provides it. Without it Ink writes them itself. */
export const LineSlotsContext = createContext<LineSlots | undefined>(undefined);

const same = (line: string): string => line;

/**
 * A block of pre-built styled lines, one terminal line each, that must already fit the
 * screen width. Ink lays out a blank block of the same height (its measure cache keeps
 * every distinct text it is given, so what it measures must not change with the data),
 * and each line reaches the output through the session's {@link LineSlots} as a marker
 * that Ink never parses. Without slots (no session) the block is `width` wide and Ink
 * writes the lines itself.
 */
export function Lines({ lines, width }: { lines: readonly string[]; width: number }) {
  const slots = useContext(LineSlotsContext);
  const cols = slots ? 1 : width;
  const blank = useMemo(
    () => Array.from({ length: lines.length }, () => ' '.repeat(cols)).join('\n'),
    [lines.length, cols],
  );
  if (lines.length === 0) return null;
  const put = slots ? (line: string) => slots.put(line) : same;
  return <Transform transform={(_line, index) => put(lines[index] ?? '')}>{blank}</Transform>;
}
