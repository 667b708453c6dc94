import type { CassetteSummary } from './summary.js';

export interface HydraView {
  '@id': string;
  '@type': 'hydra:PartialCollectionView';
  'hydra:first'?: string;
  'hydra:previous'?: string;
  'hydra:next'?: string;
  'hydra:last'?: string;
}

/** `GET /api/cassettes` (protocol.md §2). `epoch`/`seq` say which point of the stream it reflects. */
export interface CassetteCollection<T = CassetteSummary> {
  '@context': string | Record<string, unknown>;
  '@id': string;
  '@type': 'hydra:Collection';
  'hydra:totalItems': number;
  'hydra:member': T[];
  'hydra:view'?: HydraView;
  epoch?: string;
  seq?: number;
}

export const HYDRA_CONTEXT = 'http://www.w3.org/ns/hydra/context.jsonld';
export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;
