import { Transform } from 'ink';
import { useMemo } from 'react';
import { truncateStyled } from '../format.js';

/**
 * A block of exactly `height` pre-built lines in place of the table (forms, details,
 * help). Same trick as the table body: Ink measures a blank block, lines come in at output.
 */
export function Panel({ lines, width, height }: { lines: readonly string[]; width: number; height: number }) {
  const blank = useMemo(() => Array.from({ length: height }, () => ' '.repeat(width)).join('\n'), [height, width]);
  return <Transform transform={(_line, index) => truncateStyled(lines[index] ?? '', width)}>{blank}</Transform>;
}
