import { snakeDeal } from './groupings';
import type { SeriesConfig } from './series-config';
import type { PlayedRound, RoundGroupings, SeriesContext } from './series-types';

type SingleEliminationConfig = Extract<SeriesConfig, { format: 'single-elimination' }>;

function configOf(ctx: SeriesContext): SingleEliminationConfig {
  if (ctx.config.format !== 'single-elimination') {
    throw new TypeError('not a single-elimination series');
  }
  return ctx.config;
}

/**
 * One bracket round for `field` (best seed first). With at most `seatsPerGame` left, the final:
 * everyone in one game. Otherwise ⌈n / seatsPerGame⌉ games of (nearly) equal size; when an even
 * split would leave games of `advance` players or fewer — games that could knock nobody out —
 * those players move on without playing (byes, given to the best seeds) and the rest are dealt
 * to the full games in snake order.
 */
export function bracketRound(
  field: readonly string[],
  seats: number,
  advance: number,
): RoundGroupings {
  const n = field.length;
  if (n <= seats) return { groupings: [{ entrants: [...field], champion: null }], byes: [] };
  const games = Math.ceil(n / seats);
  const small = Math.floor(n / games);
  const byeCount = small <= advance ? (games - (n % games)) * small : 0;
  const playing = byeCount > 0 ? n % games : games;
  return {
    groupings: snakeDeal(field.slice(byeCount), playing).map((entrants) => ({
      entrants,
      champion: null,
    })),
    byes: field.slice(0, byeCount),
  };
}

/**
 * Who is still in after the played rounds, best seed first: the byes in seed order, then the
 * games' top `advance` finishers by place and then by game (after the final, its winner alone).
 */
export function bracketField(ctx: SeriesContext, played: readonly PlayedRound[]): string[] {
  const config = configOf(ctx);
  let field = [...ctx.entrants];
  for (const round of played) {
    const final = field.length <= config.seatsPerGame;
    const moving = final ? 1 : config.advance;
    const advancers = Array.from({ length: moving }, (_, place) =>
      round.results.flatMap((r) => r.finish[place] ?? []),
    ).flat();
    field = [...round.byes, ...advancers];
  }
  return field;
}

/**
 * The last round each entrant was still in the bracket (played or had a bye); once the bracket
 * is complete, the winner's is one past the final. Ranks single-elimination standings before
 * points.
 */
export function bracketStages(
  ctx: SeriesContext,
  played: readonly PlayedRound[],
  complete: boolean,
): Map<string, number> {
  const stages = new Map<string, number>();
  played.forEach((round, i) => {
    for (const e of [...round.byes, ...round.games.flatMap((g) => g.seats)]) stages.set(e, i + 1);
  });
  const winner = complete ? bracketField(ctx, played)[0] : undefined;
  if (winner !== undefined) stages.set(winner, played.length + 1);
  return stages;
}

/** Single elimination: bracket rounds until one entrant remains. */
export function singleEliminationRound(
  ctx: SeriesContext,
  played: readonly PlayedRound[],
): RoundGroupings | null {
  const config = configOf(ctx);
  const field = bracketField(ctx, played);
  if (field.length <= 1) return null;
  return bracketRound(field, config.seatsPerGame, config.advance);
}
