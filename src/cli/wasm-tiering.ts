import { setFlagsFromString } from 'node:v8';

/**
 * Keeps WebAssembly on V8's baseline compiler (Liftoff). Ink lays out with yoga, a wasm
 * module; V8 compiles it with Liftoff, then recompiles it with TurboFan in the background,
 * and that second compile holds ~36 MB of native memory for a few hundred ms at start: the
 * terminal UI's peak RSS (113 MB with no cassettes, 133 MB with 10 000) was that spike.
 * Measured here: peak 77 MB with no cassettes and 99 MB with 10 000 without it, while
 * 2 000 layouts of 30 lines cost the same with and without TurboFan (the JS side of yoga
 * dominates; we only lay out one marker per line). Must run before yoga is loaded: the flag
 * is read when the module compiles.
 */
export function keepWasmOnBaselineCompiler(): void {
  setFlagsFromString('--liftoff-only');
}
