import {
  DEFAULT_BODY_BYTES,
  ErrorCode,
  findSecrets,
  answerAllowance,
  indexProblem,
  inspectInteraction,
  isErrorBody,
  MagnetoError,
  maxBytesProblem,
  maskSummaryLine,
  normalizeSummary,
  readInteractionAnswer,
  type CassetteDetails,
  type CassetteMode,
  type CassetteSummary,
  type Interaction,
  type InteractionSummary,
} from '../protocol/index.js';
import { hasKindCounts, readDetails, readInteraction } from './resources.js';
import { errorFrom, isOk, send, type HttpResponse, type RestContext } from './rest.js';
import type { InteractionOptions, ServerInfo } from './types.js';
import { readUpstreamInteraction } from './upstream-interaction.js';
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

  /**
   * Upstream's per-kind counts (`GET /cassettes/:name/stats`, protocol.md §4.5); undefined when
   * it cannot say, so that the counts read as unknown rather than failing the details.
   */
  async function upstreamStats(name: string): Promise<unknown> {
    let stats: HttpResponse;
    try {
      stats = await send(rest, 'GET', url(`/cassettes/${encodeName(name)}/stats`), { signal });
    } catch (err) {
      if (err instanceof MagnetoError && err.code === ErrorCode.Aborted) throw err;
      return undefined;
    }
    return isOk(stats) ? stats.body : undefined;
  }

  async function details(name: string): Promise<CassetteDetails> {
    const path = deps.flavor() === 'upstream-rest' ? '/cassettes/' : '/api/cassettes/';
    const res = await send(rest, 'GET', url(`${path}${encodeName(name)}`), { signal });
    if (!isOk(res)) throw errorFrom(res);
    const stats = hasKindCounts(res.body) ? undefined : await upstreamStats(name);
    return readDetails(res.body, stats) ?? Promise.reject(badResponse(`GET ${path}${name}`));
  }

  /**
   * One interaction, whole (protocol.md §2.4): our server's answer as it is; upstream's
   * InteractionResource read into our shape, its secrets found and masked here, with the
   * same rules (protocol.md §2.5, §4.5).
   */
  async function interaction(
    name: string,
    index: number,
    options: InteractionOptions = {},
  ): Promise<Interaction> {
    const maxBytes = options.maxBytes ?? DEFAULT_BODY_BYTES;
    const reveal = options.reveal ?? false;
    const problem = indexProblem(index) ?? maxBytesProblem(maxBytes);
    if (problem !== undefined) throw new MagnetoError(ErrorCode.BadRequest, problem);
    if (deps.flavor() === 'upstream-rest') throw unsupported('this server cannot show interactions');
    const query = new URLSearchParams();
    if (maxBytes !== DEFAULT_BODY_BYTES) query.set('max_bytes', String(maxBytes));
    if (reveal) query.set('reveal', '1');
    const path = `/api/cassettes/${encodeName(name)}/interactions/${index}`;
    const qs = query.toString();
    const res = await send(rest, 'GET', url(qs ? `${path}?${qs}` : path), { signal });
    if (!isOk(res)) throw errorFrom(res);
    const ours = readInteractionAnswer(res.body);
    if (ours) return ours;
    const upstream = readUpstreamInteraction(res.body, index, answerAllowance(maxBytes));
    if (upstream) return inspectInteraction(upstream, { maxBytes, reveal });
    throw badResponse(`GET ${path}`);
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
        if (!line) continue;
        // Upstream's lines are whole interactions, as recorded (protocol.md §2.5, §4.5): the
        // client counts their secrets with the same rules and masks their URLs.
        if (line.secrets_count === undefined) {
          const whole = readUpstreamInteraction(raw, line.index, answerAllowance(DEFAULT_BODY_BYTES));
          if (whole) line.secrets_count = findSecrets(whole).length;
        }
        out.push(maskSummaryLine(line));
      }
      if (members.length === 0) break;
      const view = body?.['hydra:view'] as Record<string, unknown> | undefined;
      next = typeof view?.['hydra:next'] === 'string' ? followLink(base, view['hydra:next']) : undefined;
    }
    return out;
  }

  return { create, update, remove, details, interactions, interaction };
}
