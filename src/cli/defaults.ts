/** The address an embedded instance hosts on and the others attach to (README, Usage). */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8889;
/** The server `list` and `show` ask when no `--url`, `MAGNETO_URL` or config `url` says otherwise. */
export const DEFAULT_URL = `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;
