import { describe, expect, it } from 'vitest';
import {
  MagnetoError,
  alreadyExists,
  descriptionProblem,
  notFound,
  parseCreateBody,
  parseUpdateBody,
} from '../../src/protocol/index.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
    return undefined;
  } catch (err) {
    return err;
  }
}

const invalidBody = (message: string) => ({ code: 'invalid_body', status: 400, message });

describe('cassette input (protocol.md §2.1)', () => {
  it('limits a description to 1 000 characters, in one sentence', () => {
    expect(descriptionProblem('x'.repeat(1000))).toBeUndefined();
    expect(descriptionProblem('x'.repeat(1001))).toBe('description is longer than 1000 characters');
  });

  it('parses a create body into typed input', () => {
    expect(parseCreateBody({ name: 'new-one' })).toEqual({ name: 'new-one' });
    expect(parseCreateBody({ name: 'n', description: 'x'.repeat(1000), mode: 'record' })).toEqual({
      name: 'n',
      description: 'x'.repeat(1000),
      mode: 'record',
    });
    expect(parseCreateBody({ name: 'n', description: null })).toEqual({ name: 'n', description: null });
  });

  it('parses an update body with at least one field', () => {
    expect(parseUpdateBody({ description: 'd' })).toEqual({ description: 'd' });
    expect(parseUpdateBody({ mode: 'replay' })).toEqual({ mode: 'replay' });
    expect(parseUpdateBody({ description: null, mode: 'auto' })).toEqual({ description: null, mode: 'auto' });
  });

  // The first two were the store's own checks ("refuses bad descriptions and modes"); the rules
  // now live here, and the store takes only parsed input.
  it.each([
    [{ name: 'a', mode: 'live' }, 'mode must be one of auto, record, replay'],
    [{ name: 'a', description: 7 }, 'description must be a string or null'],
    [{ name: 'a', description: 'x'.repeat(1001) }, 'description is longer than 1000 characters'],
    [{}, 'name is required and must be a string'],
    [{ name: 5 }, 'name is required and must be a string'],
    [{ name: 'a', extra: true }, 'unknown field: extra'],
    [['a'], 'body must be a JSON object'],
    [null, 'body must be a JSON object'],
  ])('refuses the create body %j with invalid_body and one sentence', (body, message) => {
    const err = thrown(() => parseCreateBody(body));
    expect(err).toBeInstanceOf(MagnetoError);
    expect(err).toMatchObject(invalidBody(message));
  });

  it.each([
    [{}, 'nothing to update: give description or mode'],
    [{ mode: 'live' }, 'mode must be one of auto, record, replay'],
    [{ description: 7 }, 'description must be a string or null'],
    [{ description: 'x'.repeat(1001) }, 'description is longer than 1000 characters'],
    [{ name: 'x' }, 'unknown field: name'],
    ['x', 'body must be a JSON object'],
  ])('refuses the update body %j with invalid_body and one sentence', (body, message) => {
    expect(thrown(() => parseUpdateBody(body))).toMatchObject(invalidBody(message));
  });

  it('refuses a bad name in a create body with bad_name', () => {
    expect(thrown(() => parseCreateBody({ name: 'a b' }))).toMatchObject({
      code: 'bad_name',
      status: 400,
      message: 'name may only contain letters, digits, - and _',
    });
  });

  it('has one sentence for a missing and for an existing cassette', () => {
    expect(notFound('x')).toMatchObject({
      code: 'not_found',
      status: 404,
      message: 'cassette "x" not found',
    });
    expect(alreadyExists('x')).toMatchObject({
      code: 'already_exists',
      status: 409,
      message: 'cassette "x" already exists',
    });
  });
});
