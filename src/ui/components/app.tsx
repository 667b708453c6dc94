import { Box } from 'ink';
import { useKeys } from '../input/use-keys.js';
import type { KeyPress } from '../input/keymap.js';
import { Lines } from './lines.js';

export interface AppProps {
  /** How many lines each block of the screen has, top to bottom (render/screen.ts). */
  shape: readonly number[];
  width: number;
  height: number;
  onKey: (input: string, key: KeyPress) => void;
}

/**
 * The screen's layout: its blocks stacked, each a {@link Lines} of markers. The lines
 * themselves are built outside React (render/screen.ts), so Ink renders again only when
 * the shape changes; `useKeys` forwards every key to the controller.
 */
export function App({ shape, width, height, onKey }: AppProps) {
  useKeys(onKey);
  let first = 0;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {shape.map((count, i) => {
        const block = <Lines key={i} first={first} count={count} />;
        first += count;
        return block;
      })}
    </Box>
  );
}
