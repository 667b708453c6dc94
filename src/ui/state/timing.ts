/** Lifetimes of what fades or expires, all driven by the frame clock. */

/** A created/updated row stays fully highlighted this long… @default 2000 */
export const FLASH_MS = 2000;
/** …then dims in FADE_STEPS steps of FADE_STEP_MS each before turning normal. */
export const FADE_STEP_MS = 300;
export const FADE_STEPS = 2;
export const FLASH_TOTAL_MS = FLASH_MS + FADE_STEP_MS * FADE_STEPS;
/** A deleted row stays as a tombstone this long. */
export const TOMBSTONE_MS = 1500;
export const TOAST_MS = 3000;
/** Toast lines, the "+N more changes" line included. */
export const MAX_TOASTS = 3;

/** 0 = full highlight, 1..FADE_STEPS = dimming, undefined = over. */
export function flashStep(at: number, now: number): number | undefined {
  const age = now - at;
  if (age < FLASH_MS) return 0;
  if (age >= FLASH_TOTAL_MS) return undefined;
  return 1 + Math.floor((age - FLASH_MS) / FADE_STEP_MS);
}
