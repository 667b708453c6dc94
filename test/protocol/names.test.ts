import { describe, expect, it } from 'vitest';
import {
  MagnetoError,
  isCreatableName,
  isListableStem,
  nameProblem,
  parseChangeableName,
  parseListedName,
  parseNewName,
  quoteName,
  stemProblem,
} from '../../src/protocol/index.js';

/** What a parser throws, or undefined when it returns. */
function thrown(f: () => unknown): unknown {
  try {
    f();
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('cassette names (protocol.md §1.2)', () => {
  it('says in one sentence why a name cannot be created', () => {
    expect(nameProblem('')).toBe('name is required');
    expect(nameProblem('x'.repeat(101))).toBe('name is longer than 100 characters');
    for (const name of ['a b', 'a.b', 'é', 'a/b', '../x', '%2F'])
      expect(nameProblem(name), name).toBe('name may only contain letters, digits, - and _');
    for (const name of ['a', 'payments-new', 'A_9', 'x'.repeat(100)])
      expect(nameProblem(name)).toBeUndefined();
  });

  it('says in one sentence why a stem is not one safe path component', () => {
    expect(stemProblem('')).toBe('name is required');
    expect(stemProblem('x'.repeat(256))).toBe('name is longer than 255 characters');
    for (const stem of ['.', '..', '.hidden'])
      expect(stemProblem(stem), stem).toBe('name may not start with a dot');
    for (const stem of ['a/b', 'a\\x', '/etc/passwd', 'a\u0000b', 'a\nb', 'a\u007fb'])
      expect(stemProblem(stem), stem).toBe('name may not contain /, \\ or control characters');
    for (const stem of ['api.v2-users', 'a b', 'é', '%2e%2e', 'x'.repeat(255)])
      expect(stemProblem(stem)).toBeUndefined();
  });

  it('agrees with the boolean checks', () => {
    for (const name of ['', 'a', 'a b', 'x'.repeat(101), '..', 'a/b', 'api.v2'])
      expect(isCreatableName(name), name).toBe(nameProblem(name) === undefined);
    for (const stem of ['', 'a', 'a b', 'x'.repeat(256), '..', 'a/b', 'api.v2'])
      expect(isListableStem(stem), stem).toBe(stemProblem(stem) === undefined);
  });

  // Moved from the store's tests: the store no longer owns these rules, the edge does.
  const notCreatable = [
    '..',
    '.',
    'a/b',
    '../x',
    '..\\x',
    '%2e%2e',
    '%2F',
    '/etc/passwd',
    'a\u0000b',
    'x'.repeat(101),
    '',
    ' ',
    'a.b',
    'é',
  ];

  it.each(notCreatable)('refuses to create or change %j with bad_name 400 and the one sentence', (name) => {
    const created = thrown(() => parseNewName(name));
    expect(created).toBeInstanceOf(MagnetoError);
    expect(created).toMatchObject({ code: 'bad_name', status: 400, message: nameProblem(name) });
    const changed = thrown(() => parseChangeableName(name));
    expect(changed).toBeInstanceOf(MagnetoError);
    expect(changed).toMatchObject({ code: 'bad_name', status: 400 });
    const stem = stemProblem(name);
    expect((changed as MagnetoError).message).toBe(
      stem ?? `cassette ${quoteName(name)} can be read but not changed: ${nameProblem(name)}`,
    );
  });

  it('reads a listed name that cannot be changed, and refuses what is not one path component', () => {
    expect(parseListedName('api.v2-users')).toBe('api.v2-users');
    expect(thrown(() => parseChangeableName('api.v2-users'))).toMatchObject({
      code: 'bad_name',
      message:
        'cassette "api.v2-users" can be read but not changed: name may only contain letters, digits, - and _',
    });
    expect(thrown(() => parseListedName('../x'))).toMatchObject({
      code: 'bad_name',
      status: 400,
      message: 'name may not start with a dot',
    });
    expect(parseNewName('ok-name')).toBe('ok-name');
    expect(parseChangeableName('ok-name')).toBe('ok-name');
  });

  it('quotes names one way in every message, escaping control characters and cutting long ones', () => {
    expect(quoteName('a')).toBe('"a"');
    expect(quoteName('a\u001b[2Jb')).toBe('"a\\u001b[2Jb"');
    expect(quoteName('x'.repeat(300))).toBe(`"${'x'.repeat(100)}…"`);
  });
});
