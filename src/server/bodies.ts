import { ErrorCode, MagnetoError, isCreatableName, isMode, nameProblem } from '../protocol/index.js';
import type { CreateInput, UpdateInput } from './types.js';

/** Longest description accepted through the API. */
export const MAX_DESCRIPTION = 1000;

function invalid(message: string): MagnetoError {
  return new MagnetoError(ErrorCode.InvalidBody, message, 400);
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
  if (v.length > MAX_DESCRIPTION) throw invalid(`description is longer than ${MAX_DESCRIPTION} characters`);
  return v;
}

function mode(v: unknown): NonNullable<CreateInput['mode']> {
  if (!isMode(v)) throw invalid('mode must be one of auto, record, replay');
  return v;
}

/** `POST /api/cassettes` body: `{name, description?, mode?}`, nothing else. */
export function parseCreateBody(body: unknown): CreateInput {
  const o = asObject(body);
  onlyKeys(o, ['name', 'description', 'mode']);
  if (typeof o.name !== 'string') throw invalid('name is required and must be a string');
  if (!isCreatableName(o.name)) {
    throw new MagnetoError(
      ErrorCode.BadName,
      `invalid cassette name: ${nameProblem(o.name) ?? 'bad name'}`,
      400,
    );
  }
  const input: CreateInput = { name: o.name };
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
