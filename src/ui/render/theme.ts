import { Chalk } from 'chalk';

/** Styling functions; all identity when colour is off, so markers alone carry meaning. */
export interface Theme {
  color: boolean;
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  cyan(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
  inverse(s: string): string;
}

/** @param color `false` under NO_COLOR or on a monochrome terminal. */
export function createTheme(color: boolean): Theme {
  const c = new Chalk({ level: color ? 1 : 0 });
  return {
    color,
    green: (s) => c.green(s),
    yellow: (s) => c.yellow(s),
    red: (s) => c.red(s),
    cyan: (s) => c.cyan(s),
    bold: (s) => c.bold(s),
    dim: (s) => c.dim(s),
    inverse: (s) => c.inverse(s),
  };
}
