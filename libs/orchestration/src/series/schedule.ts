import { gameRng } from '@arena/models';
import { kingOfTheHillRound } from './king-of-the-hill';
import { roundRobinRound } from './round-robin';
import { arrangeNames, arrangeSeats, SeatLedger } from './seat-arrangement';
import type { SeriesFormat } from './series-config';
import type {
  PlannedRound,
  PlayedRound,
  RoundGroupings,
  ScheduledGame,
  SeriesContext,
} from './series-types';
import { singleEliminationRound } from './single-elimination';
import { swissRound } from './swiss';

const FORMATS: Record<
  SeriesFormat,
  (ctx: SeriesContext, played: readonly PlayedRound[]) => RoundGroupings | null
> = {
  'king-of-the-hill': kingOfTheHillRound,
  'round-robin': roundRobinRound,
  swiss: swissRound,
  'single-elimination': singleEliminationRound,
};

/** Id of a series game: `<seriesId>-r<round>-g<index>`. */
export function seriesGameId(seriesId: string, round: number, index: number): string {
  return `${seriesId}-r${round}-g${index}`;
}

/**
 * The next round of a series, or null when the series is complete. Pure: it depends only on
 * the definition and the rounds played (their games and results), so a resumed series
 * schedules exactly what an uninterrupted one would. Seats are arranged so each entrant has sat
 * least in its seats before (seat order is also speaking order); with `names: rotate` neutral
 * names are dealt the same way.
 */
export function planRound(ctx: SeriesContext, played: readonly PlayedRound[]): PlannedRound | null {
  const { config } = ctx;
  const next = FORMATS[config.format](ctx, played);
  if (!next) return null;
  const round = played.length + 1;
  const ledger = SeatLedger.of(played.flatMap((r) => r.games));
  let index = played.reduce((n, r) => n + r.games.length, 0);
  const games = next.groupings.map((grouping): ScheduledGame => {
    const seats = arrangeSeats(
      grouping.entrants,
      ledger,
      gameRng(config.seed, `series:seats:${index}`),
    );
    const names =
      config.names === 'rotate'
        ? arrangeNames(seats, ledger, gameRng(config.seed, `series:names:${index}`))
        : null;
    const game = {
      round,
      index,
      gameId: seriesGameId(config.id, round, index),
      seats,
      names,
      champion: grouping.champion,
    };
    ledger.record(game);
    index += 1;
    return game;
  });
  return { round, games, byes: next.byes };
}
