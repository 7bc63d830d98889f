import { describe, expect, it } from 'vitest';
import { reignAfter } from './king-of-the-hill';
import {
  byStrength,
  entrantIds,
  gamesOf,
  seatCounts,
  simulateSeries,
  testContext,
} from './series.fixture';

describe('king of the hill', () => {
  const ctx = testContext({ format: 'king-of-the-hill', entrants: entrantIds(7), games: 9 });

  it('plays the configured number of games, one a round, the champion in each', () => {
    const played = simulateSeries(ctx, byStrength(['e4']));
    expect(played).toHaveLength(9);
    for (const round of played) {
      expect(round.games).toHaveLength(1);
      const [game] = round.games;
      expect(game?.gameId).toBe(`${ctx.config.id}-r${round.round}-g${round.round - 1}`);
      expect(game?.seats).toContain(game?.champion);
      expect(game?.seats).toHaveLength(4);
    }
  });

  it('draws fresh challengers in rotation while the champion holds the title', () => {
    const games = gamesOf(simulateSeries(ctx, byStrength(['e1'])));
    const challengers = games.map((g) => g.seats.filter((e) => e !== 'e1').sort());
    expect(challengers.slice(0, 3)).toEqual([
      ['e2', 'e3', 'e4'],
      ['e5', 'e6', 'e7'],
      ['e2', 'e3', 'e4'],
    ]);
    expect(games.every((g) => g.champion === 'e1')).toBe(true);
  });

  it('makes each game winner the next champion; the dethroned one queues again', () => {
    // Whoever sits last wins, so the title changes hands almost every game.
    const played = simulateSeries(ctx, (game) => [...game.seats].reverse());
    const games = gamesOf(played);
    for (let i = 1; i < games.length; i++) {
      expect(games[i]?.champion).toBe(played[i - 1]?.results[0]?.winner);
    }
    expect(reignAfter(ctx, played).champion).toBe(played.at(-1)?.results[0]?.winner);
    const reign = reignAfter(ctx, played.slice(0, 1));
    expect(reign.queue.at(-1)).toBe('e1');
    expect(reign.queue).not.toContain(reign.champion);
  });

  it('starts with the configured champion and rotates its seat', () => {
    const named = testContext({
      format: 'king-of-the-hill',
      entrants: entrantIds(5),
      champion: 'e3',
      games: 8,
    });
    const games = gamesOf(simulateSeries(named, byStrength(['e3'])));
    expect(games[0]?.champion).toBe('e3');
    expect(seatCounts(games, 4).get('e3')).toEqual([2, 2, 2, 2]);
  });

  it('is the same schedule for the same seed and another for another seed', () => {
    const again = simulateSeries(ctx, byStrength(['e4']));
    expect(simulateSeries(ctx, byStrength(['e4']))).toEqual(again);
    const other = testContext({
      format: 'king-of-the-hill',
      entrants: entrantIds(7),
      games: 9,
      seed: 9,
    });
    expect(gamesOf(simulateSeries(other, byStrength(['e4']))).map((g) => g.seats)).not.toEqual(
      gamesOf(again).map((g) => g.seats),
    );
  });
});
