import { describe, expect, it } from 'vitest';
import { choose, groupingKey } from './groupings';
import { MAX_POOL_GAMES, roundRobinPools } from './round-robin';
import {
  byStrength,
  entrantIds,
  gamesOf,
  seatCounts,
  simulateSeries,
  testContext,
} from './series.fixture';

const play = (input: Parameters<typeof testContext>[0]) => {
  const ctx = testContext(input);
  return { ctx, played: simulateSeries(ctx, byStrength(ctx.entrants)) };
};

describe('round robin', () => {
  it('splits the entrants into pools of nearly equal size, at most poolSize each', () => {
    const ctx = testContext({
      format: 'round-robin',
      entrants: entrantIds(11),
      poolSize: 4,
      seatsPerGame: 3,
    });
    const pools = roundRobinPools(ctx);
    expect(pools.map((p) => p.length)).toEqual([4, 4, 3]);
    expect(pools.flat().sort()).toEqual([...ctx.entrants].sort());
  });

  it('plays every grouping within each pool once a round, never across pools', () => {
    const { ctx, played } = play({
      format: 'round-robin',
      entrants: entrantIds(10),
      poolSize: 5,
      seatsPerGame: 3,
      rounds: 2,
    });
    const pools = roundRobinPools(ctx);
    expect(played).toHaveLength(2);
    for (const round of played) {
      expect(round.games).toHaveLength(2 * choose(5, 3));
      expect(new Set(round.games.map((g) => groupingKey(g.seats))).size).toBe(20);
      for (const game of round.games) {
        expect(pools.some((pool) => game.seats.every((e) => pool.includes(e)))).toBe(true);
      }
    }
  });

  it('rotates a repeated grouping through every seat (a Latin square over the rounds)', () => {
    const { played } = play({ format: 'round-robin', entrants: entrantIds(4), rounds: 4 });
    expect(gamesOf(played)).toHaveLength(4);
    for (const counts of seatCounts(gamesOf(played), 4).values())
      expect(counts).toEqual([1, 1, 1, 1]);
  });

  it('balances seats across changing groupings', () => {
    const { played } = play({ format: 'round-robin', entrants: entrantIds(7), rounds: 2 });
    for (const counts of seatCounts(gamesOf(played), 4).values()) {
      expect(counts).toEqual([10, 10, 10, 10]);
    }
  });

  it(`caps a large pool at a balanced selection of at most ${MAX_POOL_GAMES} games a round`, () => {
    const { played } = play({ format: 'round-robin', entrants: entrantIds(12), rounds: 2 });
    const [first, second] = played;
    expect(first?.games).toHaveLength(69);
    const games = new Map<string, number>();
    for (const g of first?.games ?? [])
      for (const e of g.seats) games.set(e, (games.get(e) ?? 0) + 1);
    expect(new Set(games.values())).toEqual(new Set([23]));
    expect(new Set(first?.games.map((g) => groupingKey(g.seats))).size).toBe(69);
    expect(second?.games.map((g) => groupingKey(g.seats))).not.toEqual(
      first?.games.map((g) => groupingKey(g.seats)),
    );
    for (const counts of seatCounts(gamesOf(played), 4).values()) {
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2);
    }
  });
});
