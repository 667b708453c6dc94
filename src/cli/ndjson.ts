import type { SyncEngine } from '../client/types.js';
import { describeStatus } from './status-text.js';

/**
 * Streams the engine as NDJSON, like `kubectl get -w -o json`: a `Snapshot` line at
 * start and after every re-list, then one event per line, so that folding the stream
 * always gives the client's table. Connection changes go to `log` (stderr), never `out`.
 */
export function streamNdjson(
  engine: SyncEngine,
  out: (line: string) => void,
  log: (line: string) => void,
): () => void {
  return engine.subscribe((update) => {
    switch (update.type) {
      case 'snapshot':
        out(
          JSON.stringify({
            type: 'Snapshot',
            epoch: update.epoch,
            seq: update.seq,
            // The engine calls back right after replacing its table: it is the snapshot.
            cassettes: [...engine.table.values()],
          }),
        );
        break;
      case 'event':
        out(JSON.stringify(update.event));
        break;
      case 'status':
        log(describeStatus(update.status, Date.now()));
        break;
      default:
        break;
    }
  });
}
