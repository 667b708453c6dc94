import { ErrorCode, MagnetoError, normalizeSummary, type CassetteSummary } from '../protocol/index.js';
import { errorFrom, isOk, send, type HttpResponse, type RestContext } from './rest.js';
import { apiUrl, followLink, type BaseUrl } from './urls.js';

export type ListFlavor = 'magneto-watch' | 'upstream-hydra' | 'upstream-rest';

/** One full listing of the server, and which point of the event stream it reflects. */
export interface Snapshot {
  cassettes: CassetteSummary[];
  epoch: string | null;
  seq: number | null;
  flavor: ListFlavor;
}

/** Guards against a server whose `hydra:next` never ends. */
const MAX_PAGES = 10_000;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Lists every cassette (protocol.md §4.1, §4.5): `GET /api/cassettes`, following `hydra:view`
 * `hydra:next` links; on 404, `GET /cassettes` (upstream `magneto-api`). `prefer` starts
 * with the spelling that worked last time, so polling an upstream REST server costs one request.
 */
export async function fetchSnapshot(
  ctx: RestContext,
  base: BaseUrl,
  signal: AbortSignal,
  prefer?: ListFlavor,
): Promise<Snapshot> {
  const order: Array<'hydra' | 'rest'> = prefer === 'upstream-rest' ? ['rest', 'hydra'] : ['hydra', 'rest'];
  for (const kind of order) {
    const first = await send(ctx, 'GET', apiUrl(base, kind === 'hydra' ? '/api/cassettes' : '/cassettes'), {
      signal,
    });
    if (first.status === 404) continue;
    if (!isOk(first)) throw errorFrom(first);
    return kind === 'hydra' ? readHydra(ctx, base, signal, first) : readRest(first);
  }
  throw new MagnetoError(
    ErrorCode.NotMagneto,
    'not a magneto server: GET /api/cassettes and GET /cassettes answered 404',
  );
}

async function readHydra(
  ctx: RestContext,
  base: BaseUrl,
  signal: AbortSignal,
  first: HttpResponse,
): Promise<Snapshot> {
  const byName = new Map<string, CassetteSummary>();
  let page: HttpResponse = first;
  let epoch: string | null = null;
  let seq: number | null = null;
  const seen = new Set<string>();
  for (let n = 0; ; n++) {
    const body = page.body;
    if (!isObj(body) || !Array.isArray(body['hydra:member'])) {
      throw new MagnetoError(ErrorCode.BadResponse, 'GET /api/cassettes did not answer a Hydra collection');
    }
    if (n === 0) {
      epoch = typeof body.epoch === 'string' ? body.epoch : null;
      seq = typeof body.seq === 'number' && Number.isSafeInteger(body.seq) ? body.seq : null;
    }
    // Pages of a live directory may overlap; the later page wins.
    for (const raw of body['hydra:member']) {
      const s = normalizeSummary(raw);
      if (s) byName.set(s.name, s);
    }
    const view = body['hydra:view'];
    const next = isObj(view) && typeof view['hydra:next'] === 'string' ? view['hydra:next'] : undefined;
    if (next === undefined || n + 1 >= MAX_PAGES) break;
    const url = followLink(base, next);
    if (seen.has(url)) break;
    seen.add(url);
    page = await send(ctx, 'GET', url, { signal });
    if (!isOk(page)) throw errorFrom(page);
  }
  return {
    cassettes: [...byName.values()],
    epoch,
    seq,
    flavor: epoch !== null || seq !== null ? 'magneto-watch' : 'upstream-hydra',
  };
}

function readRest(res: HttpResponse): Snapshot {
  const body = res.body;
  if (!isObj(body) || !Array.isArray(body.cassettes)) {
    throw new MagnetoError(ErrorCode.BadResponse, 'GET /cassettes did not answer {cassettes,total}');
  }
  const byName = new Map<string, CassetteSummary>();
  for (const raw of body.cassettes) {
    const s = normalizeSummary(raw);
    if (s) byName.set(s.name, s);
  }
  return { cassettes: [...byName.values()], epoch: null, seq: null, flavor: 'upstream-rest' };
}
