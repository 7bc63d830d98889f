import type { SeriesConfig } from './series-config';
import type { PlayedRound, RoundGroupings, SeriesContext } from './series-types';

type KingOfTheHillConfig = Extract<SeriesConfig, { format: 'king-of-the-hill' }>;

/** The reign so far: who holds the title and the challengers' queue, oldest challenge first. */
export interface Reign {
  champion: string;
  queue: string[];
}

function configOf(ctx: SeriesContext): KingOfTheHillConfig {
  if (ctx.config.format !== 'king-of-the-hill')
    throw new TypeError('not a king-of-the-hill series');
  return ctx.config;
}

/**
 * Replays the series: the first champion is the configured one; each game draws the next
 * `seatsPerGame − 1` challengers from the front of the queue and sends them to its back; a
 * challenger who wins takes the title and the dethroned champion joins the back of the queue.
 * A game without a winner leaves the title where it was.
 */
export function reignAfter(ctx: SeriesContext, played: readonly PlayedRound[]): Reign {
  const config = configOf(ctx);
  const first = config.entrants.findIndex((e) => e.character === config.champion);
  let champion = ctx.entrants[Math.max(0, first)] as string;
  let queue = ctx.entrants.filter((e) => e !== champion);
  const challengers = config.seatsPerGame - 1;
  for (const round of played) {
    queue = [...queue.slice(challengers), ...queue.slice(0, challengers)];
    const winner = round.results[0]?.winner ?? null;
    if (winner !== null && winner !== champion) {
      queue = [...queue.filter((e) => e !== winner), champion];
      champion = winner;
    }
  }
  return { champion, queue };
}

/** King of the hill: one game a round, the reigning champion against the next challengers. */
export function kingOfTheHillRound(
  ctx: SeriesContext,
  played: readonly PlayedRound[],
): RoundGroupings | null {
  const config = configOf(ctx);
  if (played.length >= config.games) return null;
  const { champion, queue } = reignAfter(ctx, played);
  const challengers = queue.slice(0, config.seatsPerGame - 1);
  return { groupings: [{ entrants: [champion, ...challengers], champion }], byes: [] };
}
