/** Replaced at build time by scripts/build.mjs; read from package.json in tests. */
declare const __MAGNETO_VERSION__: string | undefined;
export const VERSION: string = typeof __MAGNETO_VERSION__ === 'string' ? __MAGNETO_VERSION__ : '0.0.0-dev';
