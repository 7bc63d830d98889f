import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import {
  ArenaError,
  GameConfigSchema,
  ModelSpecSchema,
  foldGame,
  hasErrorCode,
  validate,
  type Issue,
} from '@arena/models';
import {
  ORCHESTRATION_ERROR_CODES,
  exportGame,
  forkGame,
  gameNotFound,
  lastForkableTurn,
  loadGame,
  readLiveGame,
  type ExportFormat,
} from '@arena/orchestration';
import type { ApiRouter } from './api-route';
import { RUNNER_ERROR_CODES } from './errors';
import type { GameControlCommand } from './game-commands';
import type { GameEventFeed } from './game-event-feed';
import { openGameEventStream, type GameEventStream } from './game-event-stream';
import type { GameHost } from './game-host';
import { gameView } from './game-view';
import { checkRequestedConfig, createRequestedGame, type RunnerServices } from './requested-game';

/** What the game routes act with; built once by `buildServer`. */
export interface GameRouteContext {
  services: RunnerServices;
  host: GameHost;
  logger: FastifyBaseLogger;
  feed: GameEventFeed;
  heartbeatMs: number;
  /** Open event streams, closed when the server closes. */
  streams: Set<GameEventStream>;
  newGameId: () => string;
  newSeed: () => number;
  /** A new command from this runner. */
  issue: (type: GameControlCommand['type'], gameId: string) => GameControlCommand;
  /** Publish the command for the game's owner, or act on it here. */
  carryOut: (command: GameControlCommand) => Promise<void>;
}

const GAME_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CONTENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `:id` of every game route. */
export const GameParams = z.strictObject({
  id: z
    .string()
    .regex(
      GAME_ID,
      'must be a game id such as g-1a2b3c4d (letters, digits, ".", "_", "-"; at most 64)',
    ),
});

const ListQuery = z.strictObject({
  status: z.enum(['running', 'ended']).optional(),
  scenario: z.string().regex(CONTENT_ID, 'must be a scenario id such as city-water').optional(),
  character: z.string().regex(CONTENT_ID, 'must be a character id such as ana').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

const CreateQuery = z.strictObject({
  start: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('true')
    .transform((v) => v === 'true'),
});

const LiveQuery = z.strictObject({
  recent: z.coerce.number().int().min(0).max(200).default(20),
});

/** Formats of `GET /games/:id/export`; `md` is short for `markdown`. */
const FORMATS = {
  jsonl: { format: 'jsonl', ext: 'jsonl', type: 'application/x-ndjson; charset=utf-8' },
  markdown: { format: 'md', ext: 'md', type: 'text/markdown; charset=utf-8' },
  md: { format: 'md', ext: 'md', type: 'text/markdown; charset=utf-8' },
  html: { format: 'html', ext: 'html', type: 'text/html; charset=utf-8' },
} as const satisfies Record<string, { format: ExportFormat; ext: string; type: string }>;

const ExportQuery = z.strictObject({
  format: z.enum(['jsonl', 'markdown', 'md', 'html']).default('jsonl'),
});

const StreamHeaders = z.object({
  'last-event-id': z
    .string()
    .regex(/^\d{1,15}$/, 'must be the id (seq) of an event received earlier')
    .transform(Number)
    .optional(),
});

/** A game config as `arena play --config` takes it; unknown fields are rejected. */
const GameConfigBody = z.strictObject(GameConfigSchema.shape);

const ForkBody = z.strictObject({
  /** Last turn copied from the source; its last complete turn when absent. */
  fromTurn: z.number().int('must be a whole number').min(0, 'must be 0 or more').optional(),
  seed: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(2 ** 32 - 1)
    .optional(),
  changes: z
    .strictObject({
      /** Seat number (1, 2, …) → the model that plays it from the fork on. */
      seats: z
        .record(z.string(), ModelSpecSchema)
        .superRefine((seats, ctx) => {
          for (const seat of Object.keys(seats)) {
            if (!/^[1-9]\d*$/.test(seat)) {
              ctx.addIssue({
                code: 'custom',
                path: [seat],
                message: 'must be a seat number (1, 2, …)',
              });
            }
          }
        })
        .optional(),
      /** The judge panel from the fork on: 1 to 5 model specs. */
      judge: z.array(ModelSpecSchema).min(1).max(5).optional(),
    })
    .optional(),
});

/** Absent: fork after the last complete turn, with the source's models and seed. */
const ForkRequest = ForkBody.optional();

const Links = z.object({ self: z.string(), events: z.string() });
const Created = z.object({ id: z.string(), seed: z.number().int(), links: Links });
const Forked = Created.extend({
  forkedFrom: z.object({ gameId: z.string(), turn: z.number().int() }),
});
const CommandAccepted = z.object({
  id: z.string(),
  command: z.object({
    id: z.string(),
    type: z.enum(['start_game', 'stop_game', 'resume_game']),
  }),
});
const GameSummary = z.object({
  gameId: z.string(),
  scenarioId: z.string(),
  title: z.string(),
  status: z.enum(['running', 'ended']),
  endReason: z.string().nullable(),
  winnerId: z.string().nullable(),
  players: z.number().int(),
  turns: z.number().int(),
  lastSeq: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const GameList = z.object({
  games: z.array(GameSummary),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** The error body every failing route answers. */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const error = (description: string) => ({ description, schema: ErrorSchema });
const INVALID = error('Invalid parameters, query or body; `issues` name each field');
const UNAUTHORIZED = error('Missing, malformed or wrong bearer token');
const NOT_FOUND = error('No game with this id');
const RATE_LIMITED = error('Too many changes; retry after `Retry-After` seconds');

function gameNotRunning(gameId: string, why: string): ArenaError {
  return new ArenaError(`Game ${gameId} ${why}`, {
    code: RUNNER_ERROR_CODES.GAME_NOT_RUNNING,
    category: 'user',
    details: { gameId },
  });
}

function gameEnded(gameId: string, what: string): ArenaError {
  return new ArenaError(`Game ${gameId} has ended; there is nothing to ${what}`, {
    code: RUNNER_ERROR_CODES.GAME_ENDED,
    category: 'user',
    details: { gameId },
  });
}

function gameRunning(gameId: string): ArenaError {
  return new ArenaError(`Game ${gameId} is being played already`, {
    code: RUNNER_ERROR_CODES.GAME_RUNNING,
    category: 'user',
    details: { gameId },
  });
}

/** Fork option paths in terms of the request body (`at` → `fromTurn`, `seats.2` → `changes.seats.2`). */
function asBodyError(error: unknown): unknown {
  if (!hasErrorCode(error, ORCHESTRATION_ERROR_CODES.INVALID_FORK_OPTIONS)) return error;
  const issues = ((error as ArenaError).details['issues'] ?? []) as Issue[];
  const path = (p: string): string =>
    p === 'at' ? 'fromTurn' : p.startsWith('seats') || p.startsWith('judge') ? `changes.${p}` : p;
  const renamed = issues.map((i) => ({ path: path(i.path), message: i.message }));
  const lines = renamed.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n');
  return new ArenaError(`Invalid fork:\n${lines}`, {
    code: ORCHESTRATION_ERROR_CODES.INVALID_FORK_OPTIONS,
    category: 'user',
    details: { issues: renamed },
  });
}

const linksOf = (gameId: string) => ({
  self: `/games/${gameId}`,
  events: `/games/${gameId}/events`,
});

/**
 * The game routes: create (and start), start, stop, resume and fork games; list them, read
 * one, its live state, its event stream (SSE) and its export.
 */
export function registerGameRoutes(api: ApiRouter, ctx: GameRouteContext): void {
  const { services, host, issue, carryOut } = ctx;

  /** A stored game that has not ended, or the error saying why not. */
  const stillRunning = async (id: string, what: 'stop' | 'resume' | 'start'): Promise<void> => {
    const game = await services.store.getGame(id);
    if (!game) throw gameNotFound(id);
    if (game.status === 'ended') {
      throw what === 'stop' ? gameNotRunning(id, 'has ended') : gameEnded(id, what);
    }
  };

  api.add({
    method: 'GET',
    url: '/games',
    access: 'read',
    tag: 'games',
    summary: 'List games, newest first, filtered by status, scenario or character, and paged',
    query: ListQuery,
    responses: {
      200: { description: 'One page of games and how many match', schema: GameList },
      400: INVALID,
      401: UNAUTHORIZED,
    },
    handler: async ({ query }) => {
      const filter = {
        ...(query.status ? { status: query.status } : {}),
        ...(query.scenario ? { scenario: query.scenario } : {}),
        ...(query.character ? { character: query.character } : {}),
      };
      const [games, total] = await Promise.all([
        services.store.listGames({ ...filter, limit: query.limit, offset: query.offset }),
        services.store.countGames(filter),
      ]);
      return { games, total, limit: query.limit, offset: query.offset };
    },
  });

  api.add({
    method: 'POST',
    url: '/games',
    access: 'write',
    tag: 'games',
    summary: 'Create a game from a config (shipped scenario and character ids) and start it',
    query: CreateQuery,
    body: GameConfigBody,
    responses: {
      201: { description: 'The game is created (and started unless start=false)', schema: Created },
      400: INVALID,
      401: UNAUTHORIZED,
      413: error('The body is larger than ARENA_BODY_LIMIT_BYTES'),
      415: error('The body is not JSON'),
      429: RATE_LIMITED,
      503: error('The runner is shutting down'),
    },
    handler: async ({ query, request, reply }) => {
      const config = checkRequestedConfig(request.body, services.catalog, 'request body');
      host.assertAcceptingGames();
      const gameId = ctx.newGameId();
      const created = await createRequestedGame(services, config, {
        gameId,
        seed: ctx.newSeed(),
        source: 'request body',
        awaitingStart: !query.start,
      });
      if (query.start) await carryOut(issue('start_game', gameId));
      const links = linksOf(gameId);
      return reply
        .code(201)
        .header('location', links.self)
        .send({ id: gameId, seed: created.spec.seed, links });
    },
  });

  const commandResponses = {
    202: { description: 'The command is issued', schema: CommandAccepted },
    400: INVALID,
    401: UNAUTHORIZED,
    404: NOT_FOUND,
    409: error('The game has ended, or is not (or already) being played'),
    429: RATE_LIMITED,
  };

  api.add({
    method: 'POST',
    url: '/games/:id/start',
    access: 'write',
    tag: 'games',
    summary: 'Start a game created with start=false',
    params: GameParams,
    responses: commandResponses,
    handler: async ({ params: { id }, reply }) => {
      await stillRunning(id, 'start');
      if (host.isRunning(id) || (await services.live.holder(id))) throw gameRunning(id);
      host.assertAcceptingGames();
      const command = issue('start_game', id);
      await carryOut(command);
      return reply.code(202).send({ id, command: { id: command.id, type: command.type } });
    },
  });

  for (const [verb, type, summary] of [
    ['stop', 'stop_game', 'Stop a game at its next turn boundary; it ends as an operator stop'],
    ['resume', 'resume_game', 'Continue a stored game from where its log stops'],
  ] as const) {
    api.add({
      method: 'POST',
      url: `/games/:id/${verb}`,
      access: 'write',
      tag: 'games',
      summary,
      params: GameParams,
      responses: commandResponses,
      handler: async ({ params: { id }, reply }) => {
        await stillRunning(id, verb);
        const command = issue(type, id);
        await carryOut(command);
        return reply.code(202).send({ id, command: { id: command.id, type } });
      },
    });
  }

  api.add({
    method: 'POST',
    url: '/games/:id/fork',
    access: 'write',
    tag: 'games',
    summary:
      'Start a new game from a stored one as it stood after a turn, with other models, judges or seed',
    params: GameParams,
    body: ForkRequest,
    responses: {
      201: { description: 'The fork is created and started', schema: Forked },
      400: INVALID,
      401: UNAUTHORIZED,
      404: NOT_FOUND,
      429: RATE_LIMITED,
      503: error('The runner is shutting down'),
    },
    handler: async ({ params: { id }, body = {}, reply }) => {
      const source = await services.store.load(id);
      if (source.length === 0) throw gameNotFound(id);
      host.assertAcceptingGames();
      const at = body.fromTurn ?? lastForkableTurn(foldGame(source));
      const gameId = ctx.newGameId();
      const forked = await forkGame(services, source, {
        gameId,
        at,
        ...(body.seed !== undefined ? { seed: body.seed } : {}),
        ...(body.changes?.seats ? { seats: body.changes.seats } : {}),
        ...(body.changes?.judge ? { judge: body.changes.judge } : {}),
      }).catch((e: unknown) => {
        throw asBodyError(e);
      });
      await carryOut(issue('start_game', gameId));
      const links = linksOf(gameId);
      return reply
        .code(201)
        .header('location', links.self)
        .send({ id: gameId, seed: forked.spec.seed, forkedFrom: { gameId: id, turn: at }, links });
    },
  });

  api.add({
    method: 'GET',
    url: '/games/:id',
    access: 'read',
    tag: 'games',
    summary: 'A game: spec, state, players, standings once ended',
    params: GameParams,
    responses: {
      200: { description: 'The game', contentType: 'application/json' },
      400: INVALID,
      401: UNAUTHORIZED,
      404: NOT_FOUND,
    },
    handler: async ({ params: { id } }) => gameView(await loadGame(services.store, id)),
  });

  api.add({
    method: 'GET',
    url: '/games/:id/live',
    access: 'read',
    tag: 'games',
    summary: 'Live state of a game: its driver, standings and recent events',
    params: GameParams,
    query: LiveQuery,
    responses: {
      200: { description: 'The live state', contentType: 'application/json' },
      400: INVALID,
      401: UNAUTHORIZED,
      404: NOT_FOUND,
    },
    handler: async ({ params: { id }, query }) => {
      const { gameId, ...read } = await readLiveGame(services, id, query.recent);
      return { id: gameId, ...read };
    },
  });

  api.add({
    method: 'GET',
    url: '/games/:id/events',
    access: 'read',
    tag: 'games',
    summary:
      'Server-Sent Events: the stored events after Last-Event-ID, then live ones to game_ended',
    params: GameParams,
    responses: {
      200: {
        description: 'An event stream (`id: <seq>`, `event: <type>`, `data: <event>`)',
        contentType: 'text/event-stream',
      },
      400: INVALID,
      401: UNAUTHORIZED,
      404: NOT_FOUND,
    },
    handler: async ({ params: { id }, request, reply }) => {
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
        feed: ctx.feed,
        live: services.live,
        response: reply.raw,
        heartbeatMs: ctx.heartbeatMs,
        logger: ctx.logger.child({ gameId: id }),
      });
      ctx.streams.add(stream);
      void stream.closed.then(() => ctx.streams.delete(stream));
      return reply;
    },
  });

  api.add({
    method: 'GET',
    url: '/games/:id/export',
    access: 'read',
    tag: 'games',
    summary: 'A game as a file: JSON Lines (the full log), Markdown transcript or HTML replay page',
    params: GameParams,
    query: ExportQuery,
    responses: {
      200: {
        description: 'The file, as an attachment named <id>.<ext>',
        contentType: 'text/plain',
      },
      400: INVALID,
      401: UNAUTHORIZED,
      404: NOT_FOUND,
    },
    handler: async ({ params: { id }, query, reply }) => {
      const events = await services.store.load(id);
      if (events.length === 0) throw gameNotFound(id);
      const { format, ext, type } = FORMATS[query.format];
      return reply
        .header('content-type', type)
        .header('content-disposition', `attachment; filename="${id}.${ext}"`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', 'sandbox')
        .send(exportGame(events, format));
    },
  });
}

/** Formats `GET /games/:id/export` accepts. */
export const GAME_EXPORT_FORMATS = Object.keys(FORMATS) as Array<keyof typeof FORMATS>;
