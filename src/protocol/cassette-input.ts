import { ErrorCode, MagnetoError } from './errors.js';
import { parseNewName, tooLongProblem, type CassetteName } from './names.js';
import { MODES, isMode, type CassetteMode } from './summary.js';

/** Longest description accepted through the API (protocol.md §2.1). */
export const MAX_DESCRIPTION_LENGTH = 1000;

/** What `POST /api/cassettes` creates, once validated. */
export interface CreateInput {
  name: CassetteName;
  description?: string | null;
  mode?: CassetteMode;
}

/** What `PUT /api/cassettes/:name` changes, once validated: at least one of the two. */
export interface UpdateInput {
  description?: string | null;
  mode?: CassetteMode;
}

/**
 * Why `description` may not be stored, in one sentence that the HTTP answer and the forms
 * share; `undefined` when it may.
 */
export function descriptionProblem(description: string): string | undefined {
  return description.length > MAX_DESCRIPTION_LENGTH
    ? tooLongProblem('description', MAX_DESCRIPTION_LENGTH)
    : undefined;
}

function invalid(message: string): MagnetoError {
  return new MagnetoError(ErrorCode.InvalidBody, message);
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('body must be a JSON object');
  return body as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): void {
  const extra = Object.keys(o).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw invalid(`unknown field: ${extra.slice(0, 50)}`);
}

function description(v: unknown): string | null {
  if (v === null) return null;
  if (typeof v !== 'string') throw invalid('description must be a string or null');
  const problem = descriptionProblem(v);
  if (problem !== undefined) throw invalid(problem);
  return v;
}

function mode(v: unknown): CassetteMode {
  if (!isMode(v)) throw invalid(`mode must be one of ${MODES.join(', ')}`);
  return v;
}

/**
 * `POST /api/cassettes` body: `{name, description?, mode?}`, nothing else. Throws
 * `invalid_body` for the shape and `bad_name` for the name (protocol.md §1.2, §2.1).
 */
export function parseCreateBody(body: unknown): CreateInput {
  const o = asObject(body);
  onlyKeys(o, ['name', 'description', 'mode']);
  if (typeof o.name !== 'string') throw invalid('name is required and must be a string');
  const input: CreateInput = { name: parseNewName(o.name) };
  if (o.description !== undefined) input.description = description(o.description);
  if (o.mode !== undefined) input.mode = mode(o.mode);
  return input;
}

/** `PUT /api/cassettes/:name` body: `{description?, mode?}` with at least one of them. */
export function parseUpdateBody(body: unknown): UpdateInput {
  const o = asObject(body);
  onlyKeys(o, ['description', 'mode']);
  const patch: UpdateInput = {};
  if (o.description !== undefined) patch.description = description(o.description);
  if (o.mode !== undefined) patch.mode = mode(o.mode);
  if (patch.description === undefined && patch.mode === undefined)
    throw invalid('nothing to update: give description or mode');
  return patch;
}
