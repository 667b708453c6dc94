import {
  ErrorCode,
  isErrorBody,
  MagnetoError,
  normalizeSummary,
  type CassetteDetails,
  type CassetteMode,
  type CassetteSummary,
  type InteractionSummary,
} from '../protocol/index.js';
import { readDetails, readInteraction } from './resources.js';
import { errorFrom, isOk, send, type RestContext } from './rest.js';
import type { ServerInfo } from './types.js';
import { apiUrl, encodeName, followLink, type BaseUrl } from './urls.js';

export interface ApiContext {
  rest: RestContext;
  base: BaseUrl;
  /** What the engine knows of the server so far. */
  flavor: () => ServerInfo['flavor'];
  /** Aborted when the engine stops. */
  signal: AbortSignal;
}

function isUpstream(flavor: ServerInfo['flavor']): boolean {
  return flavor === 'upstream-hydra' || flavor === 'upstream-rest';
}

function badResponse(what: string): MagnetoError {
  return new MagnetoError(ErrorCode.BadResponse, `${what}: unexpected answer from the server`);
}

function unsupported(message: string): MagnetoError {
  return new MagnetoError(ErrorCode.Unsupported, message);
}

/**
 * The engine's REST helpers (protocol.md §2, §4.5). They never touch the table: the change
 * arrives as an event. Errors are `MagnetoError`s with the server's code and message.
 */
export function createApi(deps: ApiContext) {
  const { rest, base, signal } = deps;
  const url = (path: string) => apiUrl(base, path);

  async function create(input: {
    name: string;
    description?: string | null;
    mode?: CassetteMode;
  }): Promise<CassetteSummary> {
    if (isUpstream(deps.flavor())) {
      throw unsupported('this server cannot create cassettes (magneto-serge has no create API)');
    }
    const res = await send(rest, 'POST', url('/api/cassettes'), { json: input, signal });
    if (!isOk(res)) throw errorFrom(res);
    return normalizeSummary(res.body) ?? Promise.reject(badResponse('POST /api/cassettes'));
  }

  async function update(
    name: string,
    patch: { description?: string | null; mode?: CassetteMode },
  ): Promise<CassetteSummary> {
    if (isUpstream(deps.flavor())) {
      throw unsupported('this server cannot edit cassettes (magneto-serge has no update API)');
    }
    const res = await send(rest, 'PUT', url(`/api/cassettes/${encodeName(name)}`), { json: patch, signal });
    if (!isOk(res)) throw errorFrom(res);
    return normalizeSummary(res.body) ?? Promise.reject(badResponse(`PUT /api/cassettes/${name}`));
  }

  async function remove(name: string): Promise<void> {
    const flavor = deps.flavor();
    if (flavor !== 'upstream-rest') {
      const res = await send(rest, 'DELETE', url(`/api/cassettes/${encodeName(name)}`), { signal });
      if (isOk(res)) return;
      // Upstream's /api is GET-only (405); `magneto-api` has no /api at all (a bare 404,
      // where our server answers 404 with a JSON error for a missing cassette).
      const fallback =
        res.status === 405 || (res.status === 404 && (isUpstream(flavor) || !isErrorBody(res.body)));
      if (!fallback) throw errorFrom(res);
    }
    const res = await send(rest, 'DELETE', url(`/cassettes/${encodeName(name)}`), { signal });
    if (!isOk(res)) throw errorFrom(res);
  }

  async function details(name: string): Promise<CassetteDetails> {
    if (deps.flavor() === 'upstream-rest') {
      const res = await send(rest, 'GET', url(`/cassettes/${encodeName(name)}`), { signal });
      if (!isOk(res)) throw errorFrom(res);
      const stats = await send(rest, 'GET', url(`/cassettes/${encodeName(name)}/stats`), { signal });
      return (
        readDetails(res.body, isOk(stats) ? stats.body : undefined) ?? Promise.reject(badResponse('details'))
      );
    }
    const res = await send(rest, 'GET', url(`/api/cassettes/${encodeName(name)}`), { signal });
    if (!isOk(res)) throw errorFrom(res);
    return readDetails(res.body) ?? Promise.reject(badResponse(`GET /api/cassettes/${name}`));
  }

  async function interactions(name: string): Promise<InteractionSummary[]> {
    if (deps.flavor() === 'upstream-rest') {
      throw unsupported('this server cannot list interactions');
    }
    const out: InteractionSummary[] = [];
    const seen = new Set<string>();
    let next: string | undefined = url(`/api/cassettes/${encodeName(name)}/interactions`);
    while (next !== undefined && !seen.has(next)) {
      seen.add(next);
      const res = await send(rest, 'GET', next, { signal });
      if (!isOk(res)) throw errorFrom(res);
      const body = res.body as Record<string, unknown> | undefined;
      const members = body?.['hydra:member'];
      if (!Array.isArray(members)) throw badResponse(`GET /api/cassettes/${name}/interactions`);
      for (const raw of members) {
        const line = readInteraction(raw, out.length);
        if (line) out.push(line);
      }
      if (members.length === 0) break;
      const view = body?.['hydra:view'] as Record<string, unknown> | undefined;
      next = typeof view?.['hydra:next'] === 'string' ? followLink(base, view['hydra:next']) : undefined;
    }
    return out;
  }

  return { create, update, remove, details, interactions };
}
