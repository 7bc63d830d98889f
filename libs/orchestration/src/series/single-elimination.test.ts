import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bracketRound } from './single-elimination';
import { byStrength, entrantIds, simulateSeries, testContext } from './series.fixture';

const shape = (n: number, seatsPerGame: number, advance: number) => {
  const ctx = testContext({
    format: 'single-elimination',
    entrants: entrantIds(n),
    seatsPerGame,
    advance,
  });
  const played = simulateSeries(ctx, byStrength(entrantIds(n)));
  return played.map((r) => ({ sizes: r.games.map((g) => g.seats.length), byes: r.byes }));
};

describe('single elimination', () => {
  it.each([
    [
      16,
      4,
      1,
      [
        { sizes: [4, 4, 4, 4], byes: [] },
        { sizes: [4], byes: [] },
      ],
    ],
    [
      5,
      2,
      1,
      [
        { sizes: [2, 2], byes: ['e1'] },
        { sizes: [2], byes: ['e1'] },
        { sizes: [2], byes: [] },
      ],
    ],
    [
      10,
      4,
      2,
      [
        { sizes: [3, 3, 4], byes: [] },
        { sizes: [3, 3], byes: [] },
        { sizes: [4], byes: [] },
      ],
    ],
    [
      5,
      4,
      2,
      [
        { sizes: [3], byes: ['e1', 'e2'] },
        { sizes: [4], byes: [] },
      ],
    ],
    [4, 4, 1, [{ sizes: [4], byes: [] }]],
  ])('%i entrants at %i seats, %i advancing: bracket %j', (n, seats, advance, rounds) => {
    expect(shape(n, seats, advance)).toEqual(rounds);
  });

  it('deals seeds in snake order so the best seeds meet late', () => {
    const { groupings } = bracketRound(entrantIds(8), 4, 1);
    expect(groupings.map((g) => g.entrants)).toEqual([
      ['e1', 'e4', 'e5', 'e8'],
      ['e2', 'e3', 'e6', 'e7'],
    ]);
  });

  it('moves the top finishers on until one remains, who wins the series', () => {
    const ctx = testContext({
      format: 'single-elimination',
      entrants: entrantIds(9),
      seatsPerGame: 3,
    });
    const played = simulateSeries(
      ctx,
      byStrength(['e9', 'e8', 'e7', 'e6', 'e5', 'e4', 'e3', 'e2', 'e1']),
    );
    expect(played.at(-1)?.games[0]?.seats.sort()).toEqual(['e7', 'e8', 'e9']);
    expect(played.at(-1)?.results[0]?.winner).toBe('e9');
  });

  it('always ends with one winner, every game able to knock someone out', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 8 })
          .chain((seats) =>
            fc.tuple(
              fc.constant(seats),
              fc.integer({ min: 1, max: Math.floor(seats / 2) }),
              fc.integer({ min: seats, max: 64 }),
            ),
          ),
        ([seats, advance, n]) => {
          const ctx = testContext({
            format: 'single-elimination',
            entrants: entrantIds(n),
            seatsPerGame: seats,
            advance,
          });
          const played = simulateSeries(ctx, (game) => [...game.seats].reverse());
          let field = n;
          for (const round of played) {
            const players = round.games.flatMap((g) => g.seats);
            expect(new Set([...players, ...round.byes]).size).toBe(field);
            expect(players.length + round.byes.length).toBe(field);
            for (const g of round.games) {
              expect(g.seats.length).toBeGreaterThan(round.games.length === 1 ? 1 : advance);
              expect(g.seats.length).toBeLessThanOrEqual(seats);
            }
            field =
              round.games.length === 1 && round.byes.length === 0
                ? 1
                : round.byes.length + round.games.length * advance;
          }
          expect(field).toBe(1);
          expect(played.at(-1)?.games).toHaveLength(1);
        },
      ),
      { numRuns: 200 },
    );
  });
});
