import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EventLog,
  LOG_CAPACITY,
  entryText,
  matchingEntries,
  type LogEntry,
  type NewLogEntry,
} from '../../../src/ui/state/event-log.js';

const entry = (name: string, at = 0): NewLogEntry => ({ kind: 'created', name, at });
const all = (log: EventLog): LogEntry[] =>
  Array.from({ length: log.length }, (_, i) => log.at(i) as LogEntry);

describe('event log', () => {
  it('keeps the last 1 000 entries in order, numbered from the first ever appended', () => {
    let log = EventLog.empty;
    for (let i = 0; i < 2500; i += 7)
      log = log.append(Array.from({ length: Math.min(7, 2500 - i) }, (_, j) => entry(`c${i + j}`)));
    expect(log.length).toBe(LOG_CAPACITY);
    expect(log.total).toBe(2500);
    const kept = all(log);
    expect(kept.map((e) => e.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => 1500 + i));
    expect(kept[0]).toMatchObject({ kind: 'created', name: 'c1500' });
    expect(kept.at(-1)).toMatchObject({ name: 'c2499' });
  });

  it('keeps the last 1 000 of one huge append (a re-list of 10 000 changes)', () => {
    const log = EventLog.empty
      .append([entry('first')])
      .append(Array.from({ length: 10_000 }, (_, i) => entry(`r${i}`)));
    expect(log.length).toBe(1000);
    expect(log.total).toBe(10_001);
    expect(log.at(0)).toMatchObject({ name: 'r9000', seq: 9001 });
    expect(log.at(999)).toMatchObject({ name: 'r9999', seq: 10_000 });
  });

  it('is immutable: appending leaves the older log as it was', () => {
    const a = EventLog.empty.append([entry('a'), entry('b')]);
    const b = a.append([entry('c')]);
    expect(all(a).map((e) => (e as { name: string }).name)).toEqual(['a', 'b']);
    expect(all(b).map((e) => (e as { name: string }).name)).toEqual(['a', 'b', 'c']);
    expect(a.append([])).toBe(a);
  });

  it('behaves like an array cut to its last 1 000, whatever the batch sizes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1500 }), { maxLength: 12 }), (batches) => {
        let log = EventLog.empty;
        const model: string[] = [];
        let n = 0;
        for (const size of batches) {
          const names = Array.from({ length: size }, () => `e${n++}`);
          log = log.append(names.map((name) => entry(name)));
          model.push(...names);
        }
        const expected = model.slice(-LOG_CAPACITY);
        expect(all(log).map((e) => (e as { name: string }).name)).toEqual(expected);
        expect(all(log).map((e) => e.seq)).toEqual(expected.map((name) => Number(name.slice(1))));
        const seen: number[] = [];
        log.forEach((e, i) => seen.push(i === seen.length ? e.seq : -1));
        expect(seen).toEqual(expected.map((name) => Number(name.slice(1))));
      }),
      { numRuns: 200 },
    );
  });

  it('says what each entry is, sanitised, and filters on it in any case', () => {
    const log = EventLog.empty.append([
      { kind: 'created', name: 'evil\u001b[2J-name', at: 0 },
      { kind: 'updated', name: 'users-api', at: 0 },
      { kind: 'deleted', name: 'old', at: 0 },
      {
        kind: 'status',
        status: { kind: 'reconnecting', attempt: 3, retryAt: 0, reason: 'ECONNREFUSED' },
        at: 0,
      },
      { kind: 'status', status: { kind: 'live' }, at: 0 },
      { kind: 'error', text: 'delete failed: 500 io_error', at: 0 },
      { kind: 'info', text: 'listed 12 cassettes', at: 0 },
    ]);
    expect(all(log).map(entryText)).toEqual([
      '+ created   evil-name',
      '~ updated   users-api',
      '- deleted   old',
      '◌ Reconnecting (attempt 3): ECONNREFUSED',
      '● Live',
      '✕ delete failed: 500 io_error',
      '· listed 12 cassettes',
    ]);
    expect(matchingEntries(log, 'USERS')).toEqual([1]);
    expect(matchingEntries(log, 'e')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(matchingEntries(log, 'failed')).toEqual([5]);
  });
});
