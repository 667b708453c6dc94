import { truncateStyled } from '../render/format.js';
import { Lines } from './lines.js';

/** A block of exactly `height` pre-built lines in place of the table (forms, details, help), cut to `width`. */
export function Panel({ lines, width, height }: { lines: readonly string[]; width: number; height: number }) {
  const shown = Array.from({ length: height }, (_, i) => truncateStyled(lines[i] ?? '', width));
  return <Lines lines={shown} />;
}
