import { ArenaError, type EndReason } from '@arena/models';
import { plackettLuce } from 'openskill/models';
import { SCORING_ERROR_CODES } from './errors';

/**
 * Ratings across games: OpenSkill's Plackett–Luce model (Weng & Lin) updated from each finished
 * game's placement, in two pools — per character and per model spec. The types below mirror the
 * store's records field for field, so an updater made here is the store's `RatingUpdater`.
 */

export const RATING_POOLS = ['character', 'model'] as const;
export type RatingPool = (typeof RATING_POOLS)[number];

/** One seat's result in a finished game. */
export interface RatedPlacement {
  playerId: string;
  seat: number;
  characterId: string;
  name: string;
  model: string;
  /** 1 = winner; eliminated players by reverse elimination order, survivors by standing. */
  place: number;
  status: 'active' | 'eliminated';
}

/** A finished game, as ratings read it. */
export interface RatedGame {
  gameId: string;
  endReason: EndReason;
  /** Timestamp of `game_ended`; becomes the `updatedAt` of the rows it moves. */
  endedAt: string;
  placements: readonly RatedPlacement[];
}

/** A key's rating in one pool. */
export interface PoolRating {
  pool: RatingPool;
  /** Character id (pool `character`) or model spec (pool `model`). */
  key: string;
  mu: number;
  sigma: number;
  /** Rated games this key took part in. */
  games: number;
  /** Rated games in which one of its seats placed first. */
  wins: number;
  lastGameId: string;
  updatedAt: string;
}

/**
 * Moves ratings by one finished game: given the current rows of its participants (keyed by
 * {@link ratingKey}; absent = unrated), the rows to store ([] when the game is not rated).
 */
export type RatingUpdate = (
  game: RatedGame,
  current: ReadonlyMap<string, PoolRating>,
) => PoolRating[];

/** OpenSkill parameters; the defaults are OpenSkill's. */
export interface RatingOptions {
  /** Mean of a new key's rating. @default 25 */
  mu?: number;
  /** Uncertainty of a new key's rating. @default 25 / 3 */
  sigma?: number;
  /** Performance spread within one game: the skill gap that wins about 76% of the time. @default 25 / 6 */
  beta?: number;
  /** Uncertainty added before each game (so ratings keep adapting), never beyond the key's previous σ. @default 25 / 300 */
  tau?: number;
}

/** The result of replaying finished games from scratch. */
export interface RatingRebuild {
  /** Every rated key, by pool, then conservative rating (best first), then key. */
  rows: PoolRating[];
  /** Finished games read. */
  gamesRead: number;
  /** Games that moved at least one pool. */
  gamesRated: number;
}

/** Standard deviations below μ of the conservative rating the leaderboard orders by. */
export const CONSERVATIVE_Z = 3;
/** Standard deviations either side of μ in the interval the leaderboard shows. */
export const INTERVAL_Z = 2;

const DEFAULT_RATING = { mu: 25, sigma: 25 / 3, beta: 25 / 6, tau: 25 / 300 } as const;

/** The key a rating is stored under: `<pool>:<key>`, e.g. `model:sim`. */
export function ratingKey(pool: RatingPool, key: string): string {
  return `${pool}:${key}`;
}

/** μ − 3σ: the skill the key very likely has at least; the leaderboard's order. */
export function conservativeRating(row: Pick<PoolRating, 'mu' | 'sigma'>): number {
  return row.mu - CONSERVATIVE_Z * row.sigma;
}

/** μ ± 2σ: where the key's skill lies with about 95% confidence. */
export function ratingInterval(row: Pick<PoolRating, 'mu' | 'sigma'>): {
  low: number;
  high: number;
} {
  return { low: row.mu - INTERVAL_Z * row.sigma, high: row.mu + INTERVAL_Z * row.sigma };
}

/**
 * The rating rules as a store hook (see the README's "Ratings"): aborted games are not rated;
 * in each pool the seats sharing a key form one team placed at the mean of their places, teams
 * are ranked by that place (equal places tie) and rated together with Plackett–Luce; a pool
 * with fewer than two teams in a game does not move. σ never grows. Pure and deterministic:
 * the order of the placements does not matter, and the same games in the same order give the
 * same numbers.
 *
 * @example
 * const store = await openPgliteEventStore({ dataDir, ratings: createRatingUpdater() });
 */
export function createRatingUpdater(options: RatingOptions = {}): RatingUpdate {
  const settings = resolveRatingOptions(options);
  return (game, current) =>
    game.endReason === 'aborted'
      ? []
      : RATING_POOLS.flatMap((pool) => ratePool(pool, game, current, settings));
}

/**
 * Replays finished games in the order given (the store's `finishedGames` order: `endedAt`, then
 * game id) from no ratings at all, exactly as the store's hook applied them one by one.
 *
 * @example
 * const { rows } = await rebuildRatings(pagesOf(store));
 * await store.replaceRatings(rows);
 */
export async function rebuildRatings(
  games: Iterable<RatedGame> | AsyncIterable<RatedGame>,
  options: RatingOptions = {},
): Promise<RatingRebuild> {
  const update = createRatingUpdater(options);
  const current = new Map<string, PoolRating>();
  let gamesRead = 0;
  let gamesRated = 0;
  for await (const game of games) {
    gamesRead += 1;
    const rows = update(game, current);
    if (rows.length > 0) gamesRated += 1;
    for (const row of rows) current.set(ratingKey(row.pool, row.key), row);
  }
  return { rows: [...current.values()].sort(byLeaderboard), gamesRead, gamesRated };
}

/** By pool, then conservative rating (best first), then key. */
function byLeaderboard(a: PoolRating, b: PoolRating): number {
  if (a.pool !== b.pool) return a.pool < b.pool ? -1 : 1;
  const diff = conservativeRating(b) - conservativeRating(a);
  if (diff !== 0) return diff;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

type RatingSettings = Required<RatingOptions>;

/** Checks the options; throws `SCORING_INVALID_RATING_OPTIONS` naming the option and what is allowed. */
function resolveRatingOptions(options: RatingOptions): RatingSettings {
  const settings = { ...DEFAULT_RATING, ...options };
  const checks: [keyof RatingSettings, (n: number) => boolean, string][] = [
    ['mu', Number.isFinite, 'a finite number'],
    ['sigma', (n) => Number.isFinite(n) && n > 0, 'a finite number above 0'],
    ['beta', (n) => Number.isFinite(n) && n > 0, 'a finite number above 0'],
    ['tau', (n) => Number.isFinite(n) && n >= 0, 'a finite number of 0 or more'],
  ];
  for (const [name, valid, allowed] of checks) {
    if (!valid(settings[name])) {
      throw new ArenaError(
        `Invalid rating option ${name}=${String(settings[name])}: must be ${allowed}`,
        {
          code: SCORING_ERROR_CODES.INVALID_RATING_OPTIONS,
          category: 'user',
          details: { option: name, value: String(settings[name]), allowed },
        },
      );
    }
  }
  return settings;
}

/** The seats sharing one key in a game. */
interface Team {
  key: string;
  /** Mean place of its seats. */
  place: number;
  won: boolean;
}

/** Teams of a pool in a canonical order: by mean place, then key (seat order never matters). */
function teamsOf(pool: RatingPool, game: RatedGame): Team[] {
  const sums = new Map<string, { total: number; seats: number; won: boolean }>();
  for (const p of game.placements) {
    const key = pool === 'character' ? p.characterId : p.model;
    const sum = sums.get(key) ?? { total: 0, seats: 0, won: false };
    sum.total += p.place;
    sum.seats += 1;
    sum.won ||= p.place === 1;
    sums.set(key, sum);
  }
  return [...sums]
    .map(([key, sum]) => ({ key, place: sum.total / sum.seats, won: sum.won }))
    .sort((a, b) => a.place - b.place || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * One Plackett–Luce update of one-player teams already in rank order, exactly as OpenSkill's
 * `rate(teams, { model: plackettLuce, rank, limitSigma: true })` computes it (widen σ by τ, apply
 * the model, never let σ exceed its prior), without `rate`'s generic re-sorting and copying,
 * which cost more than the model itself over thousands of games.
 */
function plackettLuceUpdate(
  priors: readonly { mu: number; sigma: number }[],
  ranks: number[],
  settings: RatingSettings,
): { mu: number; sigma: number }[] {
  const tauSquared = settings.tau * settings.tau;
  const widened = priors.map((p) => [
    { mu: p.mu, sigma: Math.sqrt(p.sigma * p.sigma + tauSquared) },
  ]);
  const rated = plackettLuce(widened, { ...settings, rank: ranks });
  return priors.map((prior, i) => {
    const after = rated[i]?.[0] ?? prior;
    return {
      mu: after.mu,
      sigma: settings.tau > 0 ? Math.min(after.sigma, prior.sigma) : after.sigma,
    };
  });
}

function ratePool(
  pool: RatingPool,
  game: RatedGame,
  current: ReadonlyMap<string, PoolRating>,
  settings: RatingSettings,
): PoolRating[] {
  const teams = teamsOf(pool, game);
  if (teams.length < 2) return [];
  const priors = teams.map((t) => current.get(ratingKey(pool, t.key)));
  const rated = plackettLuceUpdate(
    priors.map((prior) => prior ?? { mu: settings.mu, sigma: settings.sigma }),
    teams.map((t) => t.place),
    settings,
  );
  return teams.map((team, i) => {
    const prior = priors[i];
    const after = rated[i] ?? { mu: settings.mu, sigma: settings.sigma };
    return {
      pool,
      key: team.key,
      mu: after.mu,
      sigma: after.sigma,
      games: (prior?.games ?? 0) + 1,
      wins: (prior?.wins ?? 0) + (team.won ? 1 : 0),
      lastGameId: game.gameId,
      updatedAt: game.endedAt,
    };
  });
}
