import { describe, expect, it } from 'vitest';
import { planRound, seriesGameId } from './schedule';
import {
  byStrength,
  entrantIds,
  gamesOf,
  simulateSeries,
  testContext,
  type TestSeriesInput,
} from './series.fixture';

const FORMATS: TestSeriesInput[] = [
  { format: 'king-of-the-hill', entrants: entrantIds(6), games: 6 },
  { format: 'round-robin', entrants: entrantIds(8), poolSize: 4, rounds: 2 },
  { format: 'swiss', entrants: entrantIds(9), seatsPerGame: 3, rounds: 3 },
  { format: 'single-elimination', entrants: entrantIds(11), seatsPerGame: 3 },
];

describe('planRound', () => {
  it.each(FORMATS)('schedules $format the same way for the same seed', (input) => {
    const play = (seed: number) =>
      simulateSeries(testContext({ ...input, seed, names: 'rotate' }), byStrength(entrantIds(11)));
    expect(play(4)).toEqual(play(4));
    expect(gamesOf(play(4)).map((g) => [g.seats, g.names])).not.toEqual(
      gamesOf(play(5)).map((g) => [g.seats, g.names]),
    );
  });

  it.each(FORMATS)('numbers $format games through the series and names them by round', (input) => {
    const ctx = testContext(input);
    const games = gamesOf(simulateSeries(ctx, byStrength(entrantIds(11))));
    expect(games.map((g) => g.index)).toEqual(games.map((_, i) => i));
    for (const game of games) {
      expect(game.gameId).toBe(seriesGameId(ctx.config.id, game.round, game.index));
      expect(new Set(game.seats).size).toBe(game.seats.length);
      expect(game.names).toBeNull();
    }
  });

  it('plans nothing once the series is complete', () => {
    const ctx = testContext({ format: 'swiss', entrants: entrantIds(4), rounds: 1 });
    const played = simulateSeries(ctx, byStrength(entrantIds(4)));
    expect(planRound(ctx, played)).toBeNull();
  });
});
