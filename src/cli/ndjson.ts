import type { SyncEngine } from '../client/types.js';
import { safeJson } from './json-out.js';
import { describeStatus } from './status-text.js';

export interface NdjsonSinks {
  /** One JSON line (stdout). */
  out(line: string): void;
  /** A connection change, one line (stderr). */
  log(line: string): void;
  /**
   * The engine needs the user (protocol.md §4.6): a refused token (401, 403), not a magneto
   * server, a bad URL. A script gets an exit instead of slow retries: the caller prints the
   * reason once and exits 1.
   */
  fatal(reason: string): void;
}

/**
 * Streams the engine as NDJSON, like `kubectl get -w -o json`: a `Snapshot` line at
 * start and after every re-list, then one event per line, so that folding the stream
 * always gives the client's table. Connection changes go to `log` (stderr), never `out`.
 */
export function streamNdjson(engine: SyncEngine, sinks: NdjsonSinks): () => void {
  return engine.subscribe((update) => {
    switch (update.type) {
      case 'snapshot':
        sinks.out(
          safeJson({
            type: 'Snapshot',
            epoch: update.epoch,
            seq: update.seq,
            // The engine calls back right after replacing its table: it is the snapshot.
            cassettes: [...engine.table.values()],
          }),
        );
        break;
      case 'event':
        sinks.out(safeJson(update.event));
        break;
      case 'status':
        if (update.status.kind === 'failed') sinks.fatal(update.status.reason);
        else sinks.log(describeStatus(update.status, Date.now()));
        break;
      default:
        break;
    }
  });
}
