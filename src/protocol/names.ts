/** Names that the API may create, edit or delete (protocol.md §1). */
const CREATABLE_NAME = /^[A-Za-z0-9_-]{1,100}$/;

/** True when `name` may be created, updated or deleted through the API. */
export function isCreatableName(name: string): boolean {
  return CREATABLE_NAME.test(name);
}

/**
 * True when `stem` is a single, safe path component that may be listed and read:
 * not empty, not `.`/`..`, no separators, NUL or other control characters, not hidden.
 */
export function isListableStem(stem: string): boolean {
  if (stem.length === 0 || stem.length > 255) return false;
  if (stem.startsWith('.')) return false;
  return !/[/\\\u0000-\u001f\u007f]/.test(stem);
}

/** Why `name` is not creatable, for live validation in forms; `undefined` when it is. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'name is required';
  if (name.length > 100) return 'at most 100 characters';
  if (!CREATABLE_NAME.test(name)) return 'only letters, digits, - and _';
  return undefined;
}
