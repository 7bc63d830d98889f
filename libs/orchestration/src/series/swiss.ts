import { gameRng } from '@arena/models';
import { balancedSizes, groupingKey } from './groupings';
import { tallyResults } from './tally';
import type { PlayedRound, RoundGroupings, SeriesContext } from './series-types';

/**
 * The members of the next group from `remaining` (best first): the first `size`, or — when they
 * have already played together — the nearest set that has not, made by swapping its lowest-ranked
 * members for the next entrants down. Keeps the repeat when no swap avoids it.
 */
function nextGroup(remaining: readonly string[], size: number, playedKeys: Set<string>): string[] {
  const first = remaining.slice(0, size);
  if (!playedKeys.has(groupingKey(first))) return first;
  for (let out = size - 1; out >= 0; out--) {
    for (let swap = size; swap < remaining.length; swap++) {
      const candidate = first.map((e, i) => (i === out ? (remaining[swap] as string) : e));
      if (!playedKeys.has(groupingKey(candidate))) return candidate;
    }
  }
  return first;
}

/**
 * Swiss: each round ranks entrants by series points so far (ties in a seeded order fresh each
 * round) and groups neighbours in the ranking, avoiding groupings that have already played
 * where a nearby swap allows.
 */
export function swissRound(
  ctx: SeriesContext,
  played: readonly PlayedRound[],
): RoundGroupings | null {
  const { config } = ctx;
  if (config.format !== 'swiss') throw new TypeError('not a swiss series');
  const round = played.length + 1;
  if (round > config.rounds) return null;
  const tally = tallyResults(ctx, played);
  const pointsOf = (e: string) => tally.get(e)?.points ?? 0;
  const ranked = gameRng(config.seed, `series:swiss:${round}`)
    .shuffle(ctx.entrants)
    .sort((a, b) => pointsOf(b) - pointsOf(a));
  const playedKeys = new Set(played.flatMap((r) => r.games.map((g) => groupingKey(g.seats))));
  const sizes = balancedSizes(ranked.length, Math.ceil(ranked.length / config.seatsPerGame));
  let remaining = ranked;
  const groupings = sizes.map((size) => {
    const entrants = nextGroup(remaining, size, playedKeys);
    remaining = remaining.filter((e) => !entrants.includes(e));
    return { entrants, champion: null };
  });
  return { groupings, byes: [] };
}
