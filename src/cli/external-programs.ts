import type { Env } from './paths.js';

/** The programs the UI's `o` and `v` run on a cassette's file. */
export interface ExternalPrograms {
  editor?: string;
  pager?: string;
}

/** A variable's value, or undefined when it is unset or empty (an empty `EDITOR=` means unset, as for git). */
function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/**
 * The editor and pager from the environment, as git and less choose them: `$VISUAL` before
 * `$EDITOR`, then `$PAGER`; what is unset is left to the UI's defaults (`vi`, `less`).
 */
export function externalPrograms(env: Env): ExternalPrograms {
  const editor = nonEmpty(env.VISUAL) ?? nonEmpty(env.EDITOR);
  const pager = nonEmpty(env.PAGER);
  return { ...(editor !== undefined ? { editor } : {}), ...(pager !== undefined ? { pager } : {}) };
}
