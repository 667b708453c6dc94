import type { CassetteMode, UpdateInput } from '../../protocol/index.js';

/** Pretty-prints like upstream (`serde_json::to_string_pretty`: two spaces, no final newline). */
export function serialiseCassette(doc: Record<string, unknown>, trailingNewline = false): string {
  return JSON.stringify(doc, null, 2) + (trailingNewline ? '\n' : '');
}

/** A new, empty cassette document in upstream key order plus our two keys. */
export function newCassetteDoc(input: {
  name: string;
  recordedAt: string;
  description: string | null;
  mode: CassetteMode;
}): Record<string, unknown> {
  return {
    version: '1.0',
    name: input.name,
    recorded_at: input.recordedAt,
    description: input.description,
    mode: input.mode,
    interactions: [],
  };
}

/**
 * Applies a PUT patch, keeping every other key and its order so that upstream files
 * round-trip. Keys that were absent are inserted before `cookies`/`interactions`, where a
 * new file has them. Clearing an absent description leaves it absent.
 */
export function patchCassetteDoc(doc: Record<string, unknown>, patch: UpdateInput): Record<string, unknown> {
  const add: Record<string, unknown> = {};
  if (patch.description !== undefined && (patch.description !== null || 'description' in doc)) {
    add.description = patch.description;
  }
  if (patch.mode !== undefined) add.mode = patch.mode;
  const out: Record<string, unknown> = {};
  let inserted = false;
  const insertMissing = (): void => {
    for (const [k, v] of Object.entries(add)) if (!(k in doc)) out[k] = v;
    inserted = true;
  };
  for (const [k, v] of Object.entries(doc)) {
    if (!inserted && (k === 'cookies' || k === 'interactions')) insertMissing();
    out[k] = k in add ? add[k] : v;
  }
  if (!inserted) insertMissing();
  return out;
}
