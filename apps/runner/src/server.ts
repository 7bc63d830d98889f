import { randomInt, randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ArenaError, validate } from '@arena/models';
import { gameNotFound, loadGame, readLiveGame } from '@arena/orchestration';
import { errorResponse } from './error-response';
import { RUNNER_ERROR_CODES } from './errors';
import { issueCommand, publishCommand, type GameControlCommand } from './game-commands';
import type { GameEventFeed } from './game-event-feed';
import { openGameEventStream, type GameEventStream } from './game-event-stream';
import { GameHost } from './game-host';
import { gameView } from './game-view';
import { checkReadiness } from './readiness';
import { checkRequestedConfig, createRequestedGame, type RunnerServices } from './requested-game';

/**
 * How the runner acts on a game it is asked to start, stop or resume: `local` plays it in this
 * process; `bus` publishes the command on the commands topic for the runner owning the game.
 */
export type CommandDispatch = 'local' | 'bus';

export interface ServerDeps {
  /** Store, bus, clock, live state and content catalog; an `ArenaServices` fits. */
  services: RunnerServices;
  logger: FastifyBaseLogger;
  /** Plays created games. @default a new GameHost over `services`, shut down when the server closes */
  host?: GameHost;
  /** @default `bus` when `services.bus` is Kafka, else `local` */
  dispatch?: CommandDispatch;
  /** Live events of games for event streams. @default `services.live` */
  feed?: GameEventFeed;
  /** Id for a new game. @default `g-` and the first 8 hex digits of `crypto.randomUUID()` */
  newGameId?: () => string;
  /** Seed for a game whose config has none. @default `crypto.randomInt(2 ** 31)` */
  newSeed?: () => number;
  /** Interval of keep-alive comments on event streams, in ms. @default 15000 */
  heartbeatMs?: number;
  /** Largest accepted request body, in bytes. @default 1 MiB */
  bodyLimit?: number;
  /** How long each dependency may take to answer `GET /readyz`, in ms. @default 2000 */
  readinessTimeoutMs?: number;
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

/** A command endpoint takes no body: absent, or `{}`. */
const NoBody = z.strictObject({}).optional();

function gameNotRunning(gameId: string, why: string): ArenaError {
  return new ArenaError(`Game ${gameId} ${why}`, {
    code: RUNNER_ERROR_CODES.GAME_NOT_RUNNING,
    category: 'user',
    details: { gameId },
  });
}

function gameEnded(gameId: string): ArenaError {
  return new ArenaError(`Game ${gameId} has ended; there is nothing to resume`, {
    code: RUNNER_ERROR_CODES.GAME_ENDED,
    category: 'user',
    details: { gameId },
  });
}

/**
 * The runner's HTTP API: create games (played in the background), stop and resume them, list
 * and inspect them, stream their events (SSE) and report health. With `dispatch: 'bus'` games
 * are started, stopped and resumed through commands on the bus, for whichever runner owns them.
 * Every body, parameter and query is validated; errors answer `{ error: { code, message, issues? } }`.
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
  const readinessTimeoutMs = deps.readinessTimeoutMs ?? 2000;
  const dispatch = deps.dispatch ?? (services.bus.kind === 'kafka' ? 'bus' : 'local');
  const feed = deps.feed ?? services.live;
  const streams = new Set<GameEventStream>();

  /** A new command from this runner. */
  const issue = (type: GameControlCommand['type'], gameId: string): GameControlCommand =>
    issueCommand(type, gameId, { issuedBy: host.owner, clock: services.clock });
  /** Publish the command for the game's owner, or act on it here. */
  const carryOut = async (command: GameControlCommand): Promise<void> => {
    if (dispatch === 'bus') return publishCommand(services.bus, command);
    if (command.type !== 'stop_game') return host.start(command.gameId);
    if (!host.stop(command.gameId)) {
      throw gameNotRunning(command.gameId, 'is not being played by this runner');
    }
  };
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

  // Readiness: can this runner play games now? (Liveness stays `/healthz`.)
  app.get('/readyz', async (request, reply) => {
    validate(NoQuery, request.query, 'query', 'GET /readyz');
    const { ready, checks } = await checkReadiness(services, readinessTimeoutMs);
    const accepting = !host.shuttingDown;
    if (!ready || !accepting) request.log.warn({ checks, accepting }, 'not_ready');
    return reply
      .code(ready && accepting ? 200 : 503)
      .send({ status: ready && accepting ? 'ready' : 'unready', accepting, checks });
  });

  app.post('/games', async (request, reply) => {
    const config = checkRequestedConfig(request.body, services.catalog, 'request body');
    host.assertAcceptingGames();
    const gameId = newGameId();
    const created = await createRequestedGame(services, config, {
      gameId,
      seed: newSeed(),
      source: 'request body',
    });
    await carryOut(issue('start_game', gameId));
    const self = `/games/${gameId}`;
    return reply
      .code(201)
      .header('location', self)
      .send({ id: gameId, seed: created.spec.seed, links: { self, events: `${self}/events` } });
  });

  /** `POST /games/:id/<verb>`: no query, no body; a stored game that has not ended. */
  const commandRoute = (type: 'stop_game' | 'resume_game', verb: string): void => {
    const route = `POST /games/:id/${verb}`;
    app.post(`/games/:id/${verb}`, async (request, reply) => {
      const { id } = validate(GameParams, request.params, 'game id', 'URL');
      validate(NoQuery, request.query, 'query', route);
      validate(NoBody, request.body, 'body', route);
      const game = await services.store.getGame(id);
      if (!game) throw gameNotFound(id);
      if (game.status === 'ended') {
        throw type === 'stop_game' ? gameNotRunning(id, 'has ended') : gameEnded(id);
      }
      const command = issue(type, id);
      await carryOut(command);
      return reply.code(202).send({ id, command: { id: command.id, type } });
    });
  };

  commandRoute('stop_game', 'stop');
  commandRoute('resume_game', 'resume');

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
      feed,
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
