import { randomInt } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { hasErrorCode, invalidInput, validate, type Issue } from '@arena/models';
import {
  DEFAULT_PLAYER_IDS,
  DEFAULT_SCENARIO_ID,
  ORCHESTRATION_ERROR_CODES,
  SeriesConfigSchema,
  isFileReference,
  playSeries,
  type SeriesConfig,
  type SeriesServices,
} from '@arena/orchestration';
import {
  championJson,
  championVersionJson,
  type EventStore,
  type RatingRow,
} from '@arena/persistence';
import { RATING_POOLS, conservativeRating, ratingInterval, type RatingPool } from '@arena/scoring';
import type { ApiRouter } from './api-route';
import { RUNNER_ERROR_CODES } from './errors';

/** Error codes of the league routes, beside those of `RUNNER_ERROR_CODES`. */
export const LEAGUE_ERROR_CODES = {
  /** No stored series with that id. */
  SERIES_NOT_FOUND: 'RUNNER_SERIES_NOT_FOUND',
  /** A series with the id of a new one is stored already. */
  SERIES_EXISTS: 'RUNNER_SERIES_EXISTS',
  /** No champion (a character whose memory a game changed) with that id. */
  CHAMPION_NOT_FOUND: 'RUNNER_CHAMPION_NOT_FOUND',
} as const;

/** What the league routes read and play series on. */
export interface LeagueRouteDeps {
  /** Store, bus, clock, live state and catalog (an `ArenaServices` fits); series play on them. */
  services: SeriesServices & { store: EventStore };
  /** The server: series this runner plays are stopped (left resumable) when it closes. */
  app: FastifyInstance;
  /** @default the app's logger */
  logger?: FastifyBaseLogger;
  /** Seed of a series whose definition has none. @default `crypto.randomInt(2 ** 31)` */
  newSeed?: () => number;
}

const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const LeaderboardQuery = z.strictObject({
  by: z
    .enum(RATING_POOLS, { message: `must be one of ${RATING_POOLS.join(', ')}` })
    .default('character'),
  limit: z.coerce
    .number({ message: 'must be a whole number from 1 to 500' })
    .int('must be a whole number from 1 to 500')
    .min(1, 'must be at least 1')
    .max(500, 'must be at most 500')
    .default(100),
});

const LeaderboardEntry = z.object({
  rank: z.number().int(),
  /** Character id or model spec. */
  id: z.string(),
  /** The character's name, where known. */
  name: z.string().optional(),
  /** Conservative rating μ − 3σ; entries are sorted by it. */
  rating: z.number(),
  /** Estimated skill μ, the middle of the interval. */
  mu: z.number(),
  /** Uncertainty σ of the estimate. */
  sigma: z.number(),
  /** μ − 2σ and μ + 2σ: where the skill lies with about 95% confidence. */
  low: z.number(),
  high: z.number(),
  games: z.number().int(),
  wins: z.number().int(),
});

/** One row of `GET /leaderboard`. */
export type LeaderboardEntry = z.output<typeof LeaderboardEntry>;

const CharacterIdParams = z.object({
  id: z
    .string()
    .max(64, 'must be at most 64 characters')
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a character id such as "ada-quill"'),
});

const SeriesParams = z.object({
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
      'must be a series id: 1-64 letters, digits, "-" or "_", starting with a letter or digit',
    ),
});

const SeriesBody = z
  .record(z.string(), z.unknown(), {
    message: 'must be a series definition: an object with format, scenario, entrants…',
  })
  .describe(
    'A series definition as `arena series run` takes it: format (king-of-the-hill, round-robin, swiss, single-elimination), scenario (default city-water), entrants (default six shipped characters), seatsPerGame, seed (default random), concurrency, names, id, the format’s own fields and the game config fields applied to every game.',
  );

const WinRecord = z.object({ games: z.number().int(), wins: z.number().int() });

const ChampionSummarySchema = z.object({
  characterId: z.string(),
  name: z.string(),
  version: z.number().int(),
  record: WinRecord,
  lastGameId: z.string(),
  updatedAt: z.string(),
});

const ChampionVersionSchema = z.object({
  version: z.number().int(),
  gameId: z.string(),
  seq: z.number().int(),
  outcome: z.enum(['won', 'lost']),
  record: WinRecord,
  lessons: z.array(z.string()),
  memory: z.string(),
  model: z.string(),
  ts: z.string(),
});

const SeriesRecordSchema = z.object({
  seriesId: z.string(),
  format: z.string(),
  status: z.enum(['running', 'ended']),
  config: z.unknown(),
  standings: z.unknown(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const RunSchema = z.object({
  /** This runner is playing the series now. */
  active: z.boolean(),
  /** Why this runner's run of the series stopped, when it failed. */
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
});

function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

/** A character's name: from the catalog, else as seated in its last rated game. */
async function characterName(
  services: LeagueRouteDeps['services'],
  row: RatingRow,
): Promise<string | undefined> {
  const known = services.catalog.characters.get(row.key);
  if (known) return known.name;
  const seats = await services.store.placements(row.lastGameId);
  return seats.find((s) => s.characterId === row.key)?.name;
}

/** The leaderboard as `arena leaderboard` computes it: stored ratings, best μ − 3σ first. */
async function leaderboard(services: LeagueRouteDeps['services'], by: RatingPool, limit: number) {
  const rows = await services.store.listRatings({ pool: by, limit });
  const entries: LeaderboardEntry[] = [];
  for (const [i, row] of rows.entries()) {
    const name = by === 'character' ? await characterName(services, row) : undefined;
    const { low, high } = ratingInterval(row);
    entries.push({
      rank: i + 1,
      id: row.key,
      ...(name !== undefined ? { name } : {}),
      rating: conservativeRating(row),
      mu: row.mu,
      sigma: row.sigma,
      low,
      high,
      games: row.games,
      wins: row.wins,
    });
  }
  return { by, entries };
}

/** Over HTTP a series may only name catalog content: paths would read the runner's files. */
function fileReferences(config: SeriesConfig): Issue[] {
  const refs: Array<[string, string]> = [
    ['scenario', config.scenario],
    ...config.entrants.map((e, i): [string, string] => [`entrants.${i}`, e.character]),
  ];
  return refs
    .filter(([, ref]) => isFileReference(ref))
    .map(([path, ref]) => ({
      path,
      message: `"${ref}" is a file path; the runner accepts ids of catalog content only (GET /characters, GET /scenarios)`,
    }));
}

/** A series this runner plays in the background. */
interface SeriesRun {
  stop: AbortController;
  done: Promise<void>;
  active: boolean;
  failure: { code: string; message: string } | null;
}

/**
 * The league API: the leaderboard (as `arena leaderboard`), champions and their memories (as
 * `arena champions` / `arena champion --history`), and series: list, show (as `arena series
 * show`) and start one (as `arena series run`), played in the background on the same engine and
 * store as every game. When the server closes, the series it plays are stopped at their games'
 * next turn boundary and stay `running`, to be continued with `arena series resume`.
 *
 * @example
 * registerLeagueRoutes(api, { services, app });
 */
export function registerLeagueRoutes(api: ApiRouter, deps: LeagueRouteDeps): void {
  const { services, app } = deps;
  const logger = deps.logger ?? app.log;
  const newSeed = deps.newSeed ?? (() => randomInt(2 ** 31));
  const runs = new Map<string, SeriesRun>();
  let closing = false;

  app.addHook('onClose', async () => {
    closing = true;
    for (const run of runs.values()) run.stop.abort();
    await Promise.all([...runs.values()].map((run) => run.done));
  });

  api.add({
    method: 'GET',
    url: '/leaderboard',
    access: 'read',
    tag: 'league',
    summary: 'Ratings of characters or models, best conservative rating first',
    query: LeaderboardQuery,
    responses: {
      200: {
        description: 'The leaderboard of one pool',
        schema: z.object({ by: z.enum(RATING_POOLS), entries: z.array(LeaderboardEntry) }),
      },
      400: { description: 'Invalid query', schema: ErrorSchema },
    },
    handler: ({ query }) => leaderboard(services, query.by, query.limit),
  });

  api.add({
    method: 'GET',
    url: '/champions',
    access: 'read',
    tag: 'league',
    summary: 'Champions (characters whose memory a game changed), most wins first',
    responses: {
      200: {
        description: 'Every champion',
        schema: z.object({ champions: z.array(ChampionSummarySchema) }),
      },
    },
    handler: async () => ({ champions: (await services.store.listChampions()).map(championJson) }),
  });

  api.add({
    method: 'GET',
    url: '/champions/:id',
    access: 'read',
    tag: 'league',
    summary: 'One champion: record, current memory and every memory version',
    params: CharacterIdParams,
    responses: {
      200: {
        description: 'The champion',
        schema: ChampionSummarySchema.extend({
          memory: z.string(),
          history: z.array(ChampionVersionSchema),
        }),
      },
      404: { description: 'No champion with that id', schema: ErrorSchema },
    },
    handler: async ({ params, reply }) => {
      const found = await services.store.getChampion(params.id);
      if (!found) {
        const known = (await services.store.listChampions()).map((c) => c.characterId).sort();
        return sendError(
          reply,
          404,
          LEAGUE_ERROR_CODES.CHAMPION_NOT_FOUND,
          `No champion "${params.id}"; champions: ${known.join(', ') || 'none yet (the winner of a game becomes one)'}`,
        );
      }
      const history = await services.store.championHistory(params.id);
      return {
        ...championJson(found),
        memory: found.memory,
        history: history.map(championVersionJson),
      };
    },
  });

  api.add({
    method: 'GET',
    url: '/series',
    access: 'read',
    tag: 'league',
    summary: 'Every series, newest first',
    responses: {
      200: {
        description: 'The stored series',
        schema: z.object({ series: z.array(SeriesRecordSchema) }),
      },
    },
    handler: async () => ({ series: await services.store.listSeries() }),
  });

  api.add({
    method: 'GET',
    url: '/series/:id',
    access: 'read',
    tag: 'league',
    summary: 'A series: its definition, standings and every game with its finishing order',
    params: SeriesParams,
    responses: {
      200: {
        description: 'The series',
        schema: SeriesRecordSchema.extend({
          games: z.array(
            z.object({
              round: z.number().int(),
              index: z.number().int(),
              gameId: z.string(),
              status: z.enum(['running', 'ended']),
              endReason: z.string().nullable(),
              winnerId: z.string().nullable(),
              finish: z.array(z.string()),
            }),
          ),
          run: RunSchema.nullable(),
        }),
      },
      404: { description: 'No series with that id', schema: ErrorSchema },
    },
    handler: async ({ params, reply }) => {
      const record = await services.store.getSeries(params.id);
      if (!record) {
        return sendError(
          reply,
          404,
          LEAGUE_ERROR_CODES.SERIES_NOT_FOUND,
          `No series with id ${params.id}`,
        );
      }
      const rows = await services.store.seriesGames(params.id);
      const games = await Promise.all(
        rows.map(async (row) => {
          const placements =
            row.status === 'ended' ? await services.store.placements(row.gameId) : [];
          const finish = [...placements]
            .sort((a, b) => a.place - b.place)
            .map((p) => p.characterId);
          const { round, index, gameId, status, endReason, winnerId } = row;
          return { round, index, gameId, status, endReason, winnerId, finish };
        }),
      );
      const run = runs.get(params.id);
      return {
        ...record,
        games,
        run: run ? { active: run.active, failure: run.failure } : null,
      };
    },
  });

  api.add({
    method: 'POST',
    url: '/series',
    access: 'write',
    tag: 'league',
    summary: 'Start a series or tournament, played in the background',
    body: SeriesBody,
    responses: {
      201: {
        description: 'The series is stored and its games are being played',
        schema: z.object({ id: z.string(), links: z.object({ self: z.string() }) }),
      },
      400: { description: 'Invalid definition: issues name the field paths', schema: ErrorSchema },
      409: { description: 'A series with that id exists', schema: ErrorSchema },
      503: { description: 'The runner is shutting down', schema: ErrorSchema },
    },
    handler: async ({ body, reply }) => {
      const config = validate(
        SeriesConfigSchema,
        {
          scenario: DEFAULT_SCENARIO_ID,
          entrants: [...DEFAULT_PLAYER_IDS],
          ...body,
          seed: body['seed'] ?? newSeed(),
        },
        'series definition',
        'request body',
      );
      const files = fileReferences(config);
      if (files.length > 0) throw invalidInput('series definition', files, 'request body');
      const exists = () =>
        sendError(
          reply,
          409,
          LEAGUE_ERROR_CODES.SERIES_EXISTS,
          `A series with id ${config.id} exists; give another id or seed`,
        );
      if (runs.has(config.id) || (await services.store.getSeries(config.id))) return exists();
      if (closing) {
        return sendError(
          reply,
          503,
          RUNNER_ERROR_CODES.SHUTTING_DOWN,
          'The runner is shutting down and starts no new series',
        );
      }
      const started = await startSeries(config);
      if (started === 'exists') return exists();
      const self = `/series/${config.id}`;
      return reply.code(201).header('location', self).send({ id: config.id, links: { self } });
    },
  });

  /**
   * Play the series in the background; resolves once it is stored (its first round planned),
   * or rejects when it could not start (unknown content, unusable models).
   */
  function startSeries(config: SeriesConfig): Promise<'started' | 'exists'> {
    const seriesId = config.id;
    const log = logger.child({ seriesId });
    const stop = new AbortController();
    let begun: () => void = () => undefined;
    const stored = new Promise<void>((resolve) => (begun = resolve));
    const run: SeriesRun = { stop, done: Promise.resolve(), active: true, failure: null };
    runs.set(seriesId, run);
    let isStored = false;
    const playing = playSeries(services, config, {
      signal: stop.signal,
      source: 'request body',
      onProgress: (progress) => {
        isStored = true;
        begun();
        if (progress.type === 'game_ended') {
          log.info({ gameId: progress.game.gameId, reason: progress.reason }, 'series_game_ended');
        }
      },
    });
    run.done = playing.then(
      (outcome) => {
        run.active = false;
        log.info(
          { status: outcome.status },
          outcome.status === 'ended' ? 'series_ended' : 'series_stopped',
        );
      },
      (error: unknown) => {
        run.active = false;
        // A series that never started is answered to its request instead.
        if (!isStored) return;
        const e = error as { code?: unknown; message?: unknown };
        run.failure = {
          code: typeof e.code === 'string' ? e.code : RUNNER_ERROR_CODES.INTERNAL,
          message: typeof e.message === 'string' ? e.message : String(error),
        };
        log.error({ err: error }, 'series_failed');
      },
    );
    return Promise.race([
      stored.then(() => 'started' as const),
      playing.then(() => 'started' as const),
    ]).catch((error: unknown) => {
      // It never started: nothing of it is kept here, and the caller answers the error.
      runs.delete(seriesId);
      if (hasErrorCode(error, ORCHESTRATION_ERROR_CODES.SERIES_EXISTS)) return 'exists';
      throw error;
    });
  }
}
