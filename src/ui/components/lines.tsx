import { Transform } from 'ink';
import { useMemo } from 'react';
import { lineMarker } from '../screen/line-slots.js';

/**
 * A block of `count` screen lines, the first of which is line `first` of the screen. Ink
 * lays out a blank block of that height, one column wide (its measure cache keeps every
 * distinct text it is given, so what it measures must not change with the data), and
 * writes each line's marker; the session puts the real lines in (screen/line-slots.ts).
 */
export function Lines({ first, count }: { first: number; count: number }) {
  const blank = useMemo(() => Array.from({ length: count }, () => ' ').join('\n'), [count]);
  if (count === 0) return null;
  return <Transform transform={(_line, index) => lineMarker(first + index)}>{blank}</Transform>;
}
