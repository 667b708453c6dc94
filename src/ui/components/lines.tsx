import { Transform } from 'ink';
import { createContext, useContext, useMemo } from 'react';
import type { LineSlots } from '../screen/line-slots.js';

/** Where {@link Lines} sends its lines; the session provides it. */
export const LineSlotsContext = createContext<LineSlots | undefined>(undefined);

/**
 * A block of pre-built styled lines, one terminal line each, that must already fit the
 * screen width. Ink lays out a blank block of the same height, one column wide (its
 * measure cache keeps every distinct text it is given, so what it measures must not
 * change with the data), and each line reaches the output through the session's
 * {@link LineSlots} as a marker that Ink never parses.
 */
export function Lines({ lines }: { lines: readonly string[] }) {
  const slots = useContext(LineSlotsContext);
  const blank = useMemo(() => Array.from({ length: lines.length }, () => ' ').join('\n'), [lines.length]);
  if (!slots) throw new Error('Lines needs a LineSlotsContext provider (see startSession)');
  if (lines.length === 0) return null;
  return <Transform transform={(_line, index) => slots.put(lines[index] ?? '')}>{blank}</Transform>;
}
