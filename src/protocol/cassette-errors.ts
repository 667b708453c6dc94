import { ErrorCode, MagnetoError } from './errors.js';
import { quoteName } from './names.js';

/** No listed cassette of that name: the one `not_found` sentence of the API and the store. */
export function notFound(name: string): MagnetoError {
  return new MagnetoError(ErrorCode.NotFound, `cassette ${quoteName(name)} not found`);
}

/** A cassette of that name exists: the sentence of the store's 409 and of the create form. */
export function alreadyExists(name: string): MagnetoError {
  return new MagnetoError(ErrorCode.Exists, `cassette ${quoteName(name)} already exists`);
}
