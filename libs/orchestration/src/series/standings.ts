import { reignAfter } from './king-of-the-hill';
import type { PlayedRound, SeriesContext } from './series-types';
import { bracketField, bracketStages } from './single-elimination';
import { tallyResults } from './tally';

/** One entrant's place in a series. */
export interface SeriesStanding {
  /** 1 = best. */
  rank: number;
  /** Entrant key: its character id. */
  entrant: string;
  games: number;
  wins: number;
  /** Sum over games of `seatsPerGame − place`. */
  points: number;
  /** Mean final place; null before its first game. */
  meanPlace: number | null;
  /** Single elimination: the last round it was still in (one past the final for the winner). */
  stage?: number;
}

/** A series' standings after the games played so far. */
export interface SeriesStandings {
  gamesPlayed: number;
  roundsPlayed: number;
  /** King of the hill: the title holder now. */
  champion: string | null;
  /**
   * The series winner once it is complete: the last champion, the bracket's winner, or the top
   * of the table.
   */
  winner: string | null;
  entrants: SeriesStanding[];
}

/**
 * Standings: single elimination first by how far each entrant got; then every format by series
 * points, wins, mean place (lower is better) and finally the entrants' order in the definition,
 * so ties always break the same way.
 */
export function seriesStandings(
  ctx: SeriesContext,
  played: readonly PlayedRound[],
  complete: boolean,
): SeriesStandings {
  const tally = tallyResults(ctx, played);
  const elimination = ctx.config.format === 'single-elimination';
  const stages = elimination ? bracketStages(ctx, played, complete) : null;
  const order = new Map(ctx.entrants.map((e, i) => [e, i]));
  const rows = ctx.entrants.map((entrant) => {
    const t = tally.get(entrant) ?? { games: 0, wins: 0, points: 0, places: 0 };
    return {
      entrant,
      games: t.games,
      wins: t.wins,
      points: t.points,
      meanPlace: t.games > 0 ? t.places / t.games : null,
      ...(stages ? { stage: stages.get(entrant) ?? 0 } : {}),
    };
  });
  rows.sort(
    (a, b) =>
      (b.stage ?? 0) - (a.stage ?? 0) ||
      b.points - a.points ||
      b.wins - a.wins ||
      (a.meanPlace ?? Infinity) - (b.meanPlace ?? Infinity) ||
      (order.get(a.entrant) ?? 0) - (order.get(b.entrant) ?? 0),
  );
  const entrants = rows.map((row, i) => ({ rank: i + 1, ...row }));
  const champion =
    ctx.config.format === 'king-of-the-hill' ? reignAfter(ctx, played).champion : null;
  return {
    gamesPlayed: played.reduce((n, r) => n + r.results.length, 0),
    roundsPlayed: played.length,
    champion,
    winner: complete ? winnerOf(ctx, played, champion, entrants[0]?.entrant ?? null) : null,
    entrants,
  };
}

function winnerOf(
  ctx: SeriesContext,
  played: readonly PlayedRound[],
  champion: string | null,
  top: string | null,
): string | null {
  if (champion !== null) return champion;
  if (ctx.config.format === 'single-elimination') return bracketField(ctx, played)[0] ?? null;
  return top;
}
