import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT, EXIT_CODES, KEYS } from '../../src/cli/help-text.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { cli } from '../helpers/run-cli.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The rows of the first table after `heading`, cells trimmed, backticks removed. */
function table(heading: string): string[][] {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(0);
  const lines = README.slice(start).split('\n').slice(2);
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim().replace(/`/g, '')),
    );
  }
  return rows;
}

describe('--help and README say the same', () => {
  it("lists the keys of README's Keys table, in its order and words", () => {
    expect(table('### Keys')).toEqual(KEYS.map(([k, v]) => [k, v]));
  });

  it("names the variables of README's Environment table", () => {
    expect(table('### Environment').map(([name]) => name)).toEqual(ENVIRONMENT.map(([name]) => name));
  });

  it("lists README's exit codes, which are the codes the program uses", () => {
    const codes = table('### Exit codes').map(([code]) => code);
    expect(codes).toEqual(EXIT_CODES.map(([code]) => code));
    expect(codes).toEqual(Object.values(ExitCode).map(String));
  });

  it('prints every key line in --help', async () => {
    const { stdout } = await cli(['--help']);
    const section = stdout.slice(stdout.indexOf('Keys (terminal UI):'), stdout.indexOf('Environment:'));
    for (const [key] of KEYS)
      expect(section).toMatch(new RegExp(`^  ${key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}  `, 'm'));
  });
});
