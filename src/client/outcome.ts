import {
  CLOSE_GOING_AWAY,
  CLOSE_SLOW_CONSUMER,
  codeForStatus,
  ErrorCode,
  MagnetoError,
  type HelloMessage,
} from '../protocol/index.js';
import { authReason, isAuthStatus } from './rest.js';
import type { ListFlavor } from './snapshot.js';
import type { SocketEnd } from './socket.js';
import type { ServerInfo } from './types.js';

/** What to do once a connection (or a poll) has ended. */
export type Outcome =
  /** Reconnect with backoff; status `reconnecting`. */
  | { kind: 'retry'; reason: string }
  /**
   * Needs the user (auth, not a magneto server); status `failed`, slow retries. `code` says
   * which refusal, so a page can ask for a token on `unauthorized`.
   */
  | { kind: 'failed'; reason: string; code?: ErrorCode }
  /** Reconnect at once (slow-consumer close 4008). */
  | { kind: 'now' }
  /** The server has no `/ws`: poll the list. */
  | { kind: 'poll' }
  /** `/ws` failed and the runtime hid why: ask the REST API (protocol.md §4.3). */
  | { kind: 'probe' };

/** Classifies a failed list or REST call. */
export function outcomeOfError(err: unknown): Outcome {
  if (err instanceof MagnetoError) {
    if (isAuthStatus(err.status)) return authFailure(err.status, err.message);
    if (err.code === ErrorCode.NotMagneto) return { kind: 'failed', reason: err.message, code: err.code };
    return { kind: 'retry', reason: err.message };
  }
  return { kind: 'retry', reason: err instanceof Error ? err.message : String(err) };
}

/** Classifies the end of a `/ws` connection (protocol.md §3, §4.3, §4.5). */
export function outcomeOfEnd(end: SocketEnd): Outcome {
  switch (end.kind) {
    case 'refused':
      if (end.status === 404) return { kind: 'poll' };
      if (isAuthStatus(end.status)) return authFailure(end.status, end.message);
      return { kind: 'retry', reason: `/ws answered ${end.status}` };
    case 'closed':
      if (end.code === CLOSE_SLOW_CONSUMER) return { kind: 'now' };
      if (end.code === CLOSE_GOING_AWAY) return { kind: 'retry', reason: 'server went away' };
      return {
        kind: 'retry',
        reason: `connection closed (${end.code}${end.reason ? ` ${end.reason}` : ''})`,
      };
    case 'error':
      return { kind: 'retry', reason: end.message };
    case 'dead':
      return { kind: 'retry', reason: 'no answer from the server (connection dead)' };
    case 'unexplained':
      return { kind: 'probe' };
    case 'invalid':
      return { kind: 'failed', reason: end.message, code: ErrorCode.Unauthorized };
  }
}

function authFailure(status: number, message: string): Outcome {
  return { kind: 'failed', reason: authReason(status, message), code: codeForStatus(status) };
}

/** What the engine knows of a server from its list spelling and Hello. */
export function flavorInfo(flavor: ListFlavor, hello: HelloMessage | null): ServerInfo {
  const ours = flavor === 'magneto-watch';
  return {
    flavor,
    ...(hello ? { server: hello.server } : {}),
    ...(hello?.dir !== undefined ? { dir: hello.dir } : {}),
    ...(hello?.watch ? { watch: hello.watch } : {}),
    ...(hello?.indexing ? { indexing: hello.indexing } : {}),
    canCreate: ours,
    canUpdate: ours,
  };
}
