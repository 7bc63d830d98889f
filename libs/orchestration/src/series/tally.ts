import type { PlayedRound, SeriesContext } from './series-types';

/** One entrant's record over the games played so far. */
export interface EntrantTally {
  games: number;
  wins: number;
  /** Sum over games of `seatsPerGame − place`. */
  points: number;
  /** Sum of places, for the mean place. */
  places: number;
}

/** Every entrant's games, wins, series points and places over the played rounds. */
export function tallyResults(
  ctx: SeriesContext,
  played: readonly PlayedRound[],
): Map<string, EntrantTally> {
  const tally = new Map<string, EntrantTally>(
    ctx.entrants.map((e) => [e, { games: 0, wins: 0, points: 0, places: 0 }]),
  );
  for (const result of played.flatMap((r) => r.results)) {
    result.finish.forEach((entrant, i) => {
      const t = tally.get(entrant);
      if (!t) return;
      t.games += 1;
      t.places += i + 1;
      t.points += ctx.config.seatsPerGame - (i + 1);
      if (result.winner === entrant) t.wins += 1;
    });
  }
  return tally;
}
