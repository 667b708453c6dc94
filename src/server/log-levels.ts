/**
 * The levels of `serve --log-level`, most severe first; `silent` logs nothing. Apart from
 * log.ts so that the command line can list them without loading pino and fastify.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
