import { ErrorCode, MagnetoError } from './errors.js';

/** Longest name the API may create, update or delete (protocol.md §1.2). */
export const MAX_NAME_LENGTH = 100;
/** Longest file stem that is listed and read: a file name is at most 255 bytes. */
export const MAX_STEM_LENGTH = 255;

/** Names that the API may create, edit or delete (protocol.md §1.2). */
const CREATABLE_NAME = /^[A-Za-z0-9_-]{1,100}$/;

declare const LISTED: unique symbol;
declare const CHANGEABLE: unique symbol;

/**
 * A file stem that may be listed and read (protocol.md §1.2). Only the parsers below make
 * one, so a function that takes it knows the name was checked at the edge.
 */
export type ListedName = string & { readonly [LISTED]: true };

/** A name the API may create, update or delete; every `CassetteName` is a {@link ListedName}. */
export type CassetteName = ListedName & { readonly [CHANGEABLE]: true };

/** The one sentence for a value over its length limit, for names and descriptions alike. */
export function tooLongProblem(what: 'name' | 'description', max: number): string {
  return `${what} is longer than ${max} characters`;
}

/** True when `name` may be created, updated or deleted through the API. */
export function isCreatableName(name: string): boolean {
  return CREATABLE_NAME.test(name);
}

/**
 * Why `name` may not be created, updated or deleted through the API, in one sentence that
 * the HTTP answer and the create form share; `undefined` when it may.
 */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'name is required';
  if (name.length > MAX_NAME_LENGTH) return tooLongProblem('name', MAX_NAME_LENGTH);
  if (!CREATABLE_NAME.test(name)) return 'name may only contain letters, digits, - and _';
  return undefined;
}

/**
 * Why `stem` is not a single, safe path component that may be listed and read (not empty,
 * no separator, NUL or other control character, not hidden); `undefined` when it is one.
 */
export function stemProblem(stem: string): string | undefined {
  if (stem.length === 0) return 'name is required';
  if (stem.length > MAX_STEM_LENGTH) return tooLongProblem('name', MAX_STEM_LENGTH);
  if (stem.startsWith('.')) return 'name may not start with a dot';
  if (/[/\\\u0000-\u001f\u007f]/.test(stem)) return 'name may not contain /, \\ or control characters';
  return undefined;
}

/** True when `stem` may be listed and read. */
export function isListableStem(stem: string): boolean {
  return stemProblem(stem) === undefined;
}

/** A name as messages show it: JSON-quoted (control characters escaped), long ones cut. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH)}…` : name);
}

function badName(message: string): MagnetoError {
  return new MagnetoError(ErrorCode.BadName, message);
}

/** A name from a URL to read (`GET`); throws `bad_name` with {@link stemProblem}'s sentence. */
export function parseListedName(raw: string): ListedName {
  const problem = stemProblem(raw);
  if (problem !== undefined) throw badName(problem);
  return raw as ListedName;
}

/**
 * A name from a URL to update or delete: a listed name that the API may also change
 * (protocol.md §1.2). Throws `bad_name`.
 */
export function parseChangeableName(raw: string): CassetteName {
  parseListedName(raw);
  const problem = nameProblem(raw);
  if (problem !== undefined)
    throw badName(`cassette ${quoteName(raw)} can be read but not changed: ${problem}`);
  return raw as CassetteName;
}

/** The name of a cassette to create; throws `bad_name` with {@link nameProblem}'s sentence. */
export function parseNewName(raw: string): CassetteName {
  const problem = nameProblem(raw);
  if (problem !== undefined) throw badName(problem);
  return raw as CassetteName;
}
