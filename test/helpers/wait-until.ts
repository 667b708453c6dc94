/** Lets pending promise callbacks and I/O callbacks run: one turn of the real event loop. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Waits for `cond`, checked every few milliseconds, for something that has no event to wait
 * on (a timer armed after some file I/O, a line another process writes); fails after `ms`
 * of real time.
 */
export async function waitUntil(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
