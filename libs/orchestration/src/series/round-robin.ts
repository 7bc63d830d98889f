import { gameRng } from '@arena/models';
import { balancedGroupings, balancedSizes, choose, combinations, splitBySizes } from './groupings';
import type { SeriesConfig } from './series-config';
import type { PlayedRound, RoundGroupings, SeriesContext } from './series-types';

/**
 * Most games one pool plays in a round. A pool with more groupings of `seatsPerGame` (12
 * entrants at 4 seats have 495) plays this many, chosen so everyone plays equally often and
 * pairs meet as evenly as possible, and a different selection each round.
 */
export const MAX_POOL_GAMES = 70;

type RoundRobinConfig = Extract<SeriesConfig, { format: 'round-robin' }>;

function configOf(ctx: SeriesContext): RoundRobinConfig {
  if (ctx.config.format !== 'round-robin') throw new TypeError('not a round-robin series');
  return ctx.config;
}

/**
 * The pools: entrants in a seeded order, split into as few pools of at most `poolSize` as
 * possible, of (nearly) equal size.
 */
export function roundRobinPools(ctx: SeriesContext): string[][] {
  const config = configOf(ctx);
  const order = gameRng(config.seed, 'series:pools').shuffle(ctx.entrants);
  return splitBySizes(
    order,
    balancedSizes(order.length, Math.ceil(order.length / config.poolSize)),
  );
}

/** A pool's games in a round: every grouping, or a balanced selection ({@link MAX_POOL_GAMES}). */
function poolGroupings(pool: string[], k: number, seed: number, key: string): string[][] {
  if (choose(pool.length, k) <= MAX_POOL_GAMES) return combinations(pool, k);
  const step = pool.length / gcd(pool.length, k);
  const games = Math.max(step, Math.floor(MAX_POOL_GAMES / step) * step);
  return balancedGroupings(pool, k, games, gameRng(seed, key));
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Round-robin pools: every round, every grouping within each pool plays once. */
export function roundRobinRound(
  ctx: SeriesContext,
  played: readonly PlayedRound[],
): RoundGroupings | null {
  const config = configOf(ctx);
  const round = played.length + 1;
  if (round > config.rounds) return null;
  const groupings = roundRobinPools(ctx).flatMap((pool, p) =>
    poolGroupings(pool, config.seatsPerGame, config.seed, `series:pool:${p}:round:${round}`),
  );
  return { groupings: groupings.map((entrants) => ({ entrants, champion: null })), byes: [] };
}
