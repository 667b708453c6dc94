import {
  DEFAULT_PAGE_LIMIT,
  ErrorCode,
  HYDRA_CONTEXT,
  MAX_PAGE_LIMIT,
  MagnetoError,
  type CassetteCollection,
  type HydraView,
} from '../protocol/index.js';

export interface Paging {
  page: number;
  limit: number;
}

function intParam(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[+-]?\d{1,15}$/.test(value.trim())) {
    throw new MagnetoError(ErrorCode.BadRequest, `${name} must be an integer`);
  }
  return Number(value);
}

/**
 * `page`/`limit` like upstream: page raised to ≥ 1, limit clamped to 1..100 (default 20);
 * undefined when neither is given (no paging). Throws 400 bad_request when not numeric.
 */
export function parsePaging(query: Record<string, unknown>): Paging | undefined {
  const page = intParam('page', query.page);
  const limit = intParam('limit', query.limit);
  if (page === undefined && limit === undefined) return undefined;
  return {
    page: Math.max(1, page ?? 1),
    limit: Math.min(MAX_PAGE_LIMIT, Math.max(1, limit ?? DEFAULT_PAGE_LIMIT)),
  };
}

/**
 * A Hydra collection with relative `@id`s; `hydra:view` only when paging yields more
 * than one page. `hydra:totalItems` counts every item, before paging.
 */
export function hydraCollection<T>(
  path: string,
  items: readonly T[],
  paging: Paging | undefined,
): CassetteCollection<T> {
  const total = items.length;
  if (!paging) {
    return {
      '@context': HYDRA_CONTEXT,
      '@id': path,
      '@type': 'hydra:Collection',
      'hydra:totalItems': total,
      'hydra:member': [...items],
    };
  }
  const { page, limit } = paging;
  const start = (page - 1) * limit;
  const collection: CassetteCollection<T> = {
    '@context': HYDRA_CONTEXT,
    '@id': path,
    '@type': 'hydra:Collection',
    'hydra:totalItems': total,
    'hydra:member': items.slice(start, start + limit),
  };
  const last = Math.max(1, Math.ceil(total / limit));
  if (last > 1) {
    const at = (p: number): string => `${path}?page=${p}&limit=${limit}`;
    const view: HydraView = { '@id': at(page), '@type': 'hydra:PartialCollectionView', 'hydra:first': at(1) };
    if (page > 1) view['hydra:previous'] = at(Math.min(page - 1, last));
    if (page < last) view['hydra:next'] = at(page + 1);
    view['hydra:last'] = at(last);
    collection['hydra:view'] = view;
  }
  return collection;
}
