import { describe, expect, it } from 'vitest';
import { safeJson } from '../../src/cli/json-out.js';
import { streamNdjson } from '../../src/cli/ndjson.js';
import type { CassetteSummary } from '../../src/protocol/index.js';
import { FakeEngine, summary } from '../helpers/fake-engine.js';

/** Folds NDJSON lines the way a consumer would: Snapshot replaces, events upsert/remove. */
function fold(lines: string[]): Map<string, CassetteSummary> {
  const table = new Map<string, CassetteSummary>();
  for (const line of lines) {
    const m = JSON.parse(line);
    if (m.type === 'Snapshot') {
      table.clear();
      for (const c of m.cassettes) table.set(c.name, c);
    } else if (m.type === 'CassetteDeleted') table.delete(m.name);
    else table.set(m.cassette.name, m.cassette);
  }
  return table;
}

describe('NDJSON output', () => {
  it('prints a Snapshot first, then one event per line, and connection changes only to the log', () => {
    const engine = new FakeEngine();
    const out: string[] = [];
    const log: string[] = [];
    streamNdjson(engine, { out: (l) => out.push(l), log: (l) => log.push(l), fatal: () => undefined });
    engine.push({ type: 'status', status: { kind: 'connecting' } });
    engine.snapshot([summary('a'), summary('b')], 'initial', { epoch: 'E', seq: 4 });
    engine.push({ type: 'status', status: { kind: 'live' } });
    engine.created(summary('c'));
    engine.deleted('a');

    expect(out.map((l) => JSON.parse(l).type)).toEqual(['Snapshot', 'CassetteCreated', 'CassetteDeleted']);
    expect(JSON.parse(out[0] as string)).toEqual({
      type: 'Snapshot',
      epoch: 'E',
      seq: 4,
      cassettes: [summary('a'), summary('b')],
    });
    expect(out.every((l) => !l.includes('\n'))).toBe(true);
    expect(log).toEqual(['connecting…', 'live']);
    expect([...fold(out).keys()].sort()).toEqual(['b', 'c']);
  });

  it('prints a fresh Snapshot on every re-list, so folding the stream gives the table', () => {
    const engine = new FakeEngine();
    const out: string[] = [];
    streamNdjson(engine, { out: (l) => out.push(l), log: () => undefined, fatal: () => undefined });
    engine.snapshot([summary('a'), summary('gone')], 'initial', { epoch: 'E1', seq: 1 });
    engine.snapshot([summary('a'), summary('new')], 'epoch', { epoch: 'E2', seq: 0 });
    expect(out.filter((l) => JSON.parse(l).type === 'Snapshot')).toHaveLength(2);
    expect([...fold(out).keys()].sort()).toEqual(['a', 'new']);
  });

  it('hands a failure that needs the user to fatal, once, instead of logging it', () => {
    const engine = new FakeEngine();
    const log: string[] = [];
    const fatal: string[] = [];
    streamNdjson(engine, { out: () => undefined, log: (l) => log.push(l), fatal: (r) => fatal.push(r) });
    engine.push({
      type: 'status',
      status: { kind: 'reconnecting', attempt: 1, retryAt: 0, reason: 'ECONNREFUSED' },
    });
    engine.push({ type: 'status', status: { kind: 'failed', reason: '401 Unauthorized: check the token' } });
    expect(fatal).toEqual(['401 Unauthorized: check the token']);
    expect(log).toEqual(['reconnecting in 0s (attempt 1): ECONNREFUSED']);
  });

  it('stops writing after unsubscribe', () => {
    const engine = new FakeEngine();
    const out: string[] = [];
    const stop = streamNdjson(engine, {
      out: (l) => out.push(l),
      log: () => undefined,
      fatal: () => undefined,
    });
    stop();
    engine.snapshot([], 'initial');
    expect(out).toEqual([]);
  });
});

describe('JSON for a terminal', () => {
  it('escapes what JSON.stringify leaves raw and a terminal could act on, and reads back the same', () => {
    const hostile = 'a\u009b31mred\u007f\u202eevil\u2028x\u001b[2J';
    const line = safeJson({ description: hostile });
    expect(line).toBe('{"description":"a\\u009b31mred\\u007f\\u202eevil\\u2028x\\u001b[2J"}');
    expect(line).toMatch(/^[\u0020-\u007e]*$/);
    expect(JSON.parse(line)).toEqual({ description: hostile });
  });
});
