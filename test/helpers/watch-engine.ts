import type { SyncEngine, SyncUpdate } from '../../src/client/index.js';

/** Every update the engine emits, from now on. */
export function record(engine: SyncEngine): SyncUpdate[] {
  const updates: SyncUpdate[] = [];
  engine.subscribe((u) => updates.push(u));
  return updates;
}

/** Resolves once `cond()` holds: checked now and after every update (no sleeping). */
export function until(engine: SyncEngine, cond: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (cond()) return resolve();
    const off = engine.subscribe(() => {
      if (cond()) {
        off();
        resolve();
      }
    });
  });
}

/** Resolves with the next update that matches. */
export function next<T extends SyncUpdate['type']>(
  engine: SyncEngine,
  type: T,
  match: (u: Extract<SyncUpdate, { type: T }>) => boolean = () => true,
): Promise<Extract<SyncUpdate, { type: T }>> {
  return new Promise((resolve) => {
    const off = engine.subscribe((u) => {
      if (u.type === type && match(u as Extract<SyncUpdate, { type: T }>)) {
        off();
        resolve(u as Extract<SyncUpdate, { type: T }>);
      }
    });
  });
}

/** The status kind, read through a function so TypeScript does not narrow it across awaits. */
export function kindOf(engine: SyncEngine): string {
  return engine.status.kind;
}

/** The table as a sorted plain array. */
export function rows(engine: SyncEngine) {
  return [...engine.table.values()].sort((a, b) => a.name.localeCompare(b.name));
}
