import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for the terminal UI, which holds every cassette while events stream in.
 * Measured with 10 000 cassettes in a 120×30 terminal; they must be set before the UI is
 * loaded (the wasm flag is read when yoga compiles; the young generation grows later):
 *
 * - `--liftoff-only`: Ink lays out with yoga, a wasm module; V8 compiles it with Liftoff,
 *   then again with TurboFan in the background, and that second compile holds ~36 MB of
 *   native memory for a few hundred ms at start: the UI's peak RSS (113 MB with no
 *   cassettes, 133 MB with 10 000) was that spike (77 and 99 MB without it). 2 000 layouts
 *   of 30 lines cost the same either way: the JS side of yoga dominates, and we lay out
 *   one marker per line, only when the screen's shape changes.
 * - `--semi-space-growth-factor=1`: V8 grows the young generation each time as many
 *   objects have survived as it holds, so a steady stream of new rows takes it to its
 *   maximum (2 × 16 MB): 125 MB RSS during a storm of 1 000 events/s, 97 MB when it stays
 *   at its first size, for the same CPU. (`--max-semi-space-size` is only read at start.)
 */
export function tuneV8ForTerminalUi(): void {
  setFlagsFromString('--liftoff-only');
  setFlagsFromString('--semi-space-growth-factor=1');
}
