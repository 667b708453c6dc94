import type { FastifyInstance, FastifyReply, HTTPMethods } from 'fastify';
import {
  ErrorCode,
  VERSION,
  answerAllowance,
  inspectInteraction,
  interactionNotFound,
  notFound,
  parseChangeableName,
  parseCreateBody,
  parseInteractionIndex,
  parseInteractionQuery,
  parseListedName,
  parseUpdateBody,
  revealForbidden,
} from '../protocol/index.js';
import { systemClock, type Clock } from '../protocol/clock.js';
import { errorBody, replyError } from './errors-http.js';
import type { Hub } from './hub.js';
import { hydraCollection, parsePaging } from './hydra.js';
import type { CassetteStore } from './types.js';

export interface RouteDeps {
  store: CassetteStore;
  hub: Hub;
  /** Time for `/health`'s uptime. @default systemClock */
  clock?: Clock;
  /**
   * `reveal=1` is honoured: the server is bound to loopback or has a token, which every
   * request here has passed (protocol.md §2.5, §6). @default false
   */
  revealAllowed?: boolean;
}

type Params = { name: string };
type InteractionParams = { name: string; index: string };
type Query = Record<string, unknown>;

const ALL_METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

const cassettePath = (name: string): string => `/api/cassettes/${encodeURIComponent(name)}`;

/**
 * REST routes of protocol.md §2. Names (they arrive percent-decoded) and bodies are checked
 * here, by the protocol's parsers, before anything reaches the store. Mutations publish
 * through the store's onChange before answering.
 */
export function registerApi(
  app: FastifyInstance,
  { store, hub, clock = systemClock, revealAllowed = false }: RouteDeps,
): void {
  const startedAt = clock.now();

  app.get('/health', async () => ({
    status: 'healthy',
    version: VERSION,
    uptime_seconds: Math.floor((clock.now() - startedAt) / 1000),
    // How the directory is watched, and the first index while it runs (protocol.md §3.7).
    ...store.status(),
  }));

  // The whole list only changes when seq does (every index change is published), so its
  // JSON is built once per seq: at 10 000 cassettes stringifying it was a quarter of a GET.
  let wholeList: { seq: number; body: string } | undefined;

  app.get<{ Querystring: Query }>('/api/cassettes', async (req, reply) => {
    const paging = parsePaging(req.query);
    // One synchronous read: the snapshot and the stream position it reflects.
    const { epoch, seq } = hub;
    if (paging) return { ...hydraCollection('/api/cassettes', store.list(), paging), epoch, seq };
    if (wholeList?.seq !== seq) {
      wholeList = {
        seq,
        body: JSON.stringify({ ...hydraCollection('/api/cassettes', store.list(), undefined), epoch, seq }),
      };
    }
    return reply.type('application/json; charset=utf-8').send(wholeList.body);
  });

  app.get<{ Params: Params }>('/api/cassettes/:name', async (req) => {
    const name = parseListedName(req.params.name);
    const details = store.get(name);
    if (!details) throw notFound(name);
    return details;
  });

  app.get<{ Params: Params; Querystring: Query }>('/api/cassettes/:name/interactions', async (req) => {
    const name = parseListedName(req.params.name);
    const paging = parsePaging(req.query);
    if (!store.get(name)) throw notFound(name);
    const items = await store.interactions(name);
    return hydraCollection(`${cassettePath(name)}/interactions`, items, paging);
  });

  // protocol.md §2.4: the request is checked (400, then 403 for reveal) before the cassette
  // is looked up (404, 422), then the index (404).
  app.get<{ Params: InteractionParams; Querystring: Query }>(
    '/api/cassettes/:name/interactions/:index',
    async (req) => {
      const name = parseListedName(req.params.name);
      const index = parseInteractionIndex(req.params.index);
      const { maxBytes, reveal } = parseInteractionQuery(req.query);
      if (reveal && !revealAllowed) throw revealForbidden();
      if (!store.get(name)) throw notFound(name);
      const { count, interaction } = await store.interaction(name, index, answerAllowance(maxBytes));
      if (!interaction) throw interactionNotFound(name, req.params.index, count);
      return inspectInteraction(interaction, { maxBytes, reveal });
    },
  );

  app.post('/api/cassettes', async (req, reply) => {
    const input = parseCreateBody(req.body);
    const summary = await store.create(input);
    await hub.delivered();
    return reply.code(201).header('location', cassettePath(summary.name)).send(summary);
  });

  app.put<{ Params: Params }>('/api/cassettes/:name', async (req) => {
    const name = parseChangeableName(req.params.name);
    const patch = parseUpdateBody(req.body);
    const summary = await store.update(name, patch);
    await hub.delivered();
    return summary;
  });

  app.delete<{ Params: Params }>('/api/cassettes/:name', async (req, reply) => {
    const name = parseChangeableName(req.params.name);
    await store.remove(name);
    await hub.delivered();
    return reply.code(204).send();
  });

  // Plain GET on /ws (no Upgrade header) reaches the router; upgrades never do.
  app.get('/ws', async (_req, reply) =>
    replyError(reply, errorBody(ErrorCode.BadRequest, 'use a WebSocket upgrade', 426), {
      upgrade: 'websocket',
    }),
  );

  methodNotAllowed(app, '/health', ['GET', 'HEAD']);
  methodNotAllowed(app, '/api/cassettes', ['GET', 'HEAD', 'POST']);
  methodNotAllowed(app, '/api/cassettes/:name', ['GET', 'HEAD', 'PUT', 'DELETE']);
  methodNotAllowed(app, '/api/cassettes/:name/interactions', ['GET', 'HEAD']);
  methodNotAllowed(app, '/api/cassettes/:name/interactions/:index', ['GET', 'HEAD']);
  methodNotAllowed(app, '/ws', ['GET', 'HEAD']);
}

/** Registers 405 `method_not_allowed` with `Allow` for every other method on `url` (protocol.md §2.1). */
export function methodNotAllowed(app: FastifyInstance, url: string, allowed: HTTPMethods[]): void {
  const method = ALL_METHODS.filter((m) => !allowed.includes(m));
  app.route({
    method,
    url,
    handler: async (req, reply: FastifyReply) =>
      replyError(reply, errorBody(ErrorCode.MethodNotAllowed, `${req.method} is not allowed on ${url}`), {
        allow: allowed.join(', '),
      }),
  });
}
