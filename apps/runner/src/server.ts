import { randomInt, randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ArenaError } from '@arena/models';
import { registerAccess, registerCors, type ApiAccess } from './api-access';
import { ApiRouter } from './api-route';
import { registerDashboard } from './dashboard-route';
import { errorResponse } from './error-response';
import { RUNNER_ERROR_CODES } from './errors';
import { issueCommand, publishCommand, type GameControlCommand } from './game-commands';
import type { GameEventFeed } from './game-event-feed';
import type { GameEventStream } from './game-event-stream';
import { GameHost } from './game-host';
import { ErrorSchema, registerGameRoutes } from './game-routes';
import { registerContentRoutes } from './content-routes';
import { registerLeagueRoutes } from './league-routes';
import { createRunnerMetrics, registerMetrics, type RunnerMetrics } from './metrics';
import { checkReadiness } from './readiness';
import type { RunnerServices } from './requested-game';

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
  /** Bearer tokens of the API and whether reading needs one. */
  access: ApiAccess;
  /** Origins allowed to call the API from a browser (`*`: any). @default none (same origin only) */
  corsOrigins?: '*' | string[];
  /** Changes each caller (token, else address) may make per minute. @default 120 */
  rateLimitPerMinute?: number;
  /** Folder of the built dashboard, served at `/` and `/assets/*`. @default not served */
  dashboardDir?: string;
  /** Content folder (`ARENA_CONTENT_DIR`) that uploads are saved into. @default uploads are refused (503) */
  contentDir?: string;
  /** Metrics served at `GET /metrics`. @default created over `services.bus` and `host`, closed with the server */
  metrics?: RunnerMetrics;
}

/** Version of the API in its OpenAPI document. */
export const API_VERSION = '1.0.0';

const NoQuery = z.strictObject({});

const Health = z.object({ status: z.literal('ok') });
const Readiness = z.object({
  status: z.enum(['ready', 'unready']),
  accepting: z.boolean(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), error: z.string().optional() })),
});

/** Longest request target (path and query) the API accepts, in bytes. */
const MAX_URL_LENGTH = 8192;

/**
 * The runner's HTTP API: create games (played in the background), start, stop, resume and fork
 * them, list and inspect them, stream their events (SSE), export them and report health; its
 * OpenAPI document at `GET /openapi.json`. With `dispatch: 'bus'` games are started, stopped and
 * resumed through commands on the bus, for whichever runner owns them. Changes need a bearer
 * token (`access.tokens`) and are rate limited; reads need one when `access.readAccess` is
 * `token`. Every body, parameter and query is validated; errors answer
 * `{ error: { code, message, issues? } }`.
 *
 * @example
 * const app = buildServer({ services, logger, access: { tokens: [token], readAccess: 'public' } });
 * await app.listen({ host: '127.0.0.1', port: 8787 });
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const { services, logger } = deps;
  const host = deps.host ?? new GameHost({ services, logger });
  const readinessTimeoutMs = deps.readinessTimeoutMs ?? 2000;
  const dispatch = deps.dispatch ?? (services.bus.kind === 'kafka' ? 'bus' : 'local');
  const streams = new Set<GameEventStream>();

  const issue = (type: GameControlCommand['type'], gameId: string): GameControlCommand =>
    issueCommand(type, gameId, { issuedBy: host.owner, clock: services.clock });
  const carryOut = async (command: GameControlCommand): Promise<void> => {
    if (dispatch === 'bus') return publishCommand(services.bus, command);
    if (command.type !== 'stop_game') return host.start(command.gameId);
    if (!host.stop(command.gameId)) {
      throw new ArenaError(`Game ${command.gameId} is not being played by this runner`, {
        code: RUNNER_ERROR_CODES.GAME_NOT_RUNNING,
        category: 'user',
        details: { gameId: command.gameId },
      });
    }
  };
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    // Path parameters are ids: 64 characters at most, the rest is someone probing.
    routerOptions: { maxParamLength: 200 },
  });
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

  registerCors(app, deps.corsOrigins);
  registerAccess(app, deps.access, {
    rateLimitPerMinute: deps.rateLimitPerMinute ?? 120,
    maxUrlLength: MAX_URL_LENGTH,
  });

  // Live streams would otherwise hold the server open forever.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.close();
  });
  if (!deps.host) app.addHook('onClose', async () => host.shutdown());

  if (deps.dashboardDir) registerDashboard(app, { dir: deps.dashboardDir });

  const api = new ApiRouter(app);

  api.add({
    method: 'GET',
    url: '/healthz',
    access: 'public',
    tag: 'health',
    summary: 'Liveness: the event store answers',
    responses: {
      200: { description: 'The runner is alive', schema: Health },
      503: { description: 'The event store does not answer', schema: ErrorSchema },
    },
    handler: async ({ request, reply }) => {
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
    },
  });

  // Readiness: can this runner play games now? (Liveness stays `/healthz`.)
  api.add({
    method: 'GET',
    url: '/readyz',
    access: 'public',
    tag: 'health',
    summary: 'Readiness: the store, the bus and live state answer and the runner takes games',
    query: NoQuery,
    responses: {
      200: { description: 'Ready', schema: Readiness },
      503: { description: 'Not ready; `checks` says which dependency failed', schema: Readiness },
    },
    handler: async ({ request, reply }) => {
      const { ready, checks } = await checkReadiness(services, readinessTimeoutMs);
      const accepting = !host.shuttingDown;
      if (!ready || !accepting) request.log.warn({ checks, accepting }, 'not_ready');
      return reply
        .code(ready && accepting ? 200 : 503)
        .send({ status: ready && accepting ? 'ready' : 'unready', accepting, checks });
    },
  });

  registerGameRoutes(api, {
    services,
    host,
    logger,
    feed: deps.feed ?? services.live,
    heartbeatMs: deps.heartbeatMs ?? 15_000,
    streams,
    newGameId: deps.newGameId ?? (() => `g-${randomUUID().slice(0, 8)}`),
    newSeed: deps.newSeed ?? (() => randomInt(2 ** 31)),
    issue,
    carryOut,
  });

  registerContentRoutes(api, { services, contentDir: deps.contentDir });
  registerLeagueRoutes(api, { services, app, logger });
  const metrics =
    deps.metrics ?? createRunnerMetrics({ bus: services.bus, host, logger, store: services.store });
  if (!deps.metrics) app.addHook('onClose', async () => metrics.close());
  registerMetrics(app, api, metrics);
  // Further route groups register on `api` here.

  // Built on first request, so that it lists every route registered by then.
  let openApi: Record<string, unknown> | null = null;
  api.add({
    method: 'GET',
    url: '/openapi.json',
    access: 'public',
    tag: 'meta',
    summary: 'This document: the OpenAPI 3.1 description of every route',
    responses: { 200: { description: 'The OpenAPI document', contentType: 'application/json' } },
    handler: async () =>
      (openApi ??= api.openApi({
        title: 'Arena runner API',
        version: API_VERSION,
        description:
          'Create, play, follow and export Arena games. Changes need `Authorization: Bearer <token>`.',
      })),
  });

  return app;
}
