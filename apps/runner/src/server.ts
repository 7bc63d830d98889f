import { randomInt, randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  GameConfigSchema,
  invalidInput,
  validate,
  type GameConfig,
  type Issue,
} from '@arena/models';
import {
  createGameFromConfig,
  gameNotFound,
  isFileReference,
  loadGame,
  readLiveGame,
  type ContentCatalog,
  type LeasedGameServices,
  type ModelDefaults,
} from '@arena/orchestration';
import { errorResponse } from './error-response';
import { RUNNER_ERROR_CODES } from './errors';
import { openGameEventStream, type GameEventStream } from './game-event-stream';
import { GameHost } from './game-host';
import { gameView } from './game-view';

export interface ServerDeps {
  /** Store, bus, clock, live state and content catalog; an `ArenaServices` fits. */
  services: LeasedGameServices & { catalog: ContentCatalog; modelDefaults?: ModelDefaults };
  logger: FastifyBaseLogger;
  /** Plays created games. @default a new GameHost over `services`, shut down when the server closes */
  host?: GameHost;
  /** Id for a new game. @default `g-` and the first 8 hex digits of `crypto.randomUUID()` */
  newGameId?: () => string;
  /** Seed for a game whose config has none. @default `crypto.randomInt(2 ** 31)` */
  newSeed?: () => number;
  /** Interval of keep-alive comments on event streams, in ms. @default 15000 */
  heartbeatMs?: number;
  /** Largest accepted request body, in bytes. @default 1 MiB */
  bodyLimit?: number;
}

const GAME_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const GameParams = z.object({
  id: z
    .string()
    .regex(
      GAME_ID,
      'must be a game id such as g-1a2b3c4d (letters, digits, ".", "_", "-"; at most 64)',
    ),
});

const NoQuery = z.strictObject({});

const ListQuery = z.strictObject({
  status: z.enum(['running', 'ended']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

const LiveQuery = z.strictObject({
  recent: z.coerce.number().int().min(0).max(200).default(20),
});

const StreamHeaders = z.object({
  'last-event-id': z
    .string()
    .regex(/^\d{1,15}$/, 'must be the id (seq) of an event received earlier')
    .transform(Number)
    .optional(),
});

/** Unknown fields are rejected so that a misspelt option is never silently ignored. */
const GameConfigBody = z.strictObject(GameConfigSchema.shape);

/** Over HTTP a config may only name shipped content: paths would read the runner's files. */
function fileReferences(config: GameConfig, catalog: ContentCatalog): Issue[] {
  const refs: Array<[path: string, ref: string, allowed: Iterable<string>]> = [
    ['scenario', config.scenario, catalog.scenarios.keys()],
    ...config.players.map((p, i): [string, string, Iterable<string>] => [
      `players.${i}`,
      p.character,
      catalog.characters.keys(),
    ]),
  ];
  return refs
    .filter(([, ref]) => isFileReference(ref))
    .map(([path, ref, allowed]) => ({
      path,
      message: `"${ref}" is a file path; the HTTP API accepts ids of shipped content only (allowed: ${[...allowed].sort().join(', ')})`,
    }));
}

/**
 * The runner's HTTP API: create games (played in the background), list and inspect them,
 * stream their events (SSE) and report health. Every body, parameter and query is validated;
 * errors answer `{ error: { code, message, issues? } }`.
 *
 * @example
 * const app = buildServer({ services, logger });
 * await app.listen({ host: '127.0.0.1', port: 8787 });
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const { services, logger } = deps;
  const host = deps.host ?? new GameHost({ services, logger });
  const newGameId = deps.newGameId ?? (() => `g-${randomUUID().slice(0, 8)}`);
  const newSeed = deps.newSeed ?? (() => randomInt(2 ** 31));
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const streams = new Set<GameEventStream>();

  const app = Fastify({ loggerInstance: logger, bodyLimit: deps.bodyLimit ?? 1024 * 1024 });
  // Only JSON bodies are accepted; anything else is answered 415.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error, request, reply) => {
    const answer = errorResponse(error);
    if (answer.expected) request.log.info({ code: answer.body.error.code }, 'request_rejected');
    else request.log.error({ err: error }, 'request_failed');
    return reply.code(answer.status).send(answer.body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        code: RUNNER_ERROR_CODES.ROUTE_NOT_FOUND,
        message: `No route ${request.method} ${request.url.split('?')[0]}`,
      },
    }),
  );

  // Live streams would otherwise hold the server open forever.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.close();
  });
  if (!deps.host) app.addHook('onClose', async () => host.shutdown());

  app.get('/healthz', async (request, reply) => {
    try {
      await services.store.listGames({ limit: 1 });
    } catch (error) {
      request.log.error({ err: error }, 'store_unavailable');
      return reply.code(503).send({
        error: {
          code: RUNNER_ERROR_CODES.STORE_UNAVAILABLE,
          message: 'The event store does not answer',
        },
      });
    }
    return { status: 'ok' };
  });

  app.post('/games', async (request, reply) => {
    const config = validate(GameConfigBody, request.body, 'game config', 'request body');
    const files = fileReferences(config, services.catalog);
    if (files.length > 0) throw invalidInput('game config', files, 'request body');
    host.assertAcceptingGames();
    const gameId = newGameId();
    const created = await createGameFromConfig(services, services.catalog, config, {
      gameId,
      defaultSeed: newSeed(),
      source: 'request body',
      defaults: services.modelDefaults,
    });
    host.start(gameId);
    const self = `/games/${gameId}`;
    return reply
      .code(201)
      .header('location', self)
      .send({ id: gameId, seed: created.spec.seed, links: { self, events: `${self}/events` } });
  });

  app.get('/games', async (request) => {
    const query = validate(ListQuery, request.query, 'query', 'GET /games');
    return { games: await services.store.listGames(query) };
  });

  app.get('/games/:id', async (request) => {
    const { id } = validate(GameParams, request.params, 'game id', 'URL');
    validate(NoQuery, request.query, 'query', 'GET /games/:id');
    return gameView(await loadGame(services.store, id));
  });

  app.get('/games/:id/live', async (request) => {
    const { id } = validate(GameParams, request.params, 'game id', 'URL');
    const query = validate(LiveQuery, request.query, 'query', 'GET /games/:id/live');
    const { gameId, ...read } = await readLiveGame(services, id, query.recent);
    return { id: gameId, ...read };
  });

  app.get('/games/:id/events', async (request, reply) => {
    const { id } = validate(GameParams, request.params, 'game id', 'URL');
    validate(NoQuery, request.query, 'query', 'GET /games/:id/events');
    const headers = validate(
      StreamHeaders,
      { 'last-event-id': request.headers['last-event-id'] },
      'headers',
      'GET /games/:id/events',
    );
    if (!(await services.store.getGame(id))) throw gameNotFound(id);
    reply.hijack();
    const stream = openGameEventStream({
      gameId: id,
      after: headers['last-event-id'] ?? -1,
      store: services.store,
      live: services.live,
      response: reply.raw,
      heartbeatMs,
      logger: logger.child({ gameId: id }),
    });
    streams.add(stream);
    void stream.closed.then(() => streams.delete(stream));
    return reply;
  });

  return app;
}
