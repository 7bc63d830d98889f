import { describe, expect, it } from 'vitest';
import { seriesStandings } from './standings';
import { byStrength, entrantIds, simulateSeries, testContext } from './series.fixture';
import type { PlayedRound, ScheduledGame } from './series-types';

/** A played round of games given as finish orders (winner first). */
function round(number: number, finishes: string[][]): PlayedRound {
  const games: ScheduledGame[] = finishes.map((seats, i) => ({
    round: number,
    index: i,
    gameId: `g${number}-${i}`,
    seats,
    names: null,
    champion: null,
  }));
  const results = finishes.map((finish, i) => ({
    gameId: `g${number}-${i}`,
    finish,
    winner: finish[0] ?? null,
  }));
  return { round: number, games, byes: [], results };
}

describe('seriesStandings', () => {
  const ctx = testContext({
    format: 'round-robin',
    entrants: entrantIds(5),
    seatsPerGame: 3,
    rounds: 3,
  });

  it('counts games, wins, points (seats − place) and mean place', () => {
    const standings = seriesStandings(ctx, [round(1, [['e1', 'e2', 'e3']])], false);
    expect(standings.entrants).toEqual([
      { rank: 1, entrant: 'e1', games: 1, wins: 1, points: 2, meanPlace: 1 },
      { rank: 2, entrant: 'e2', games: 1, wins: 0, points: 1, meanPlace: 2 },
      { rank: 3, entrant: 'e3', games: 1, wins: 0, points: 0, meanPlace: 3 },
      { rank: 4, entrant: 'e4', games: 0, wins: 0, points: 0, meanPlace: null },
      { rank: 5, entrant: 'e5', games: 0, wins: 0, points: 0, meanPlace: null },
    ]);
    expect(standings).toMatchObject({
      gamesPlayed: 1,
      roundsPlayed: 1,
      winner: null,
      champion: null,
    });
  });

  it('breaks a tie on points by wins, then mean place, then the definition order', () => {
    const played = [
      round(1, [['e4', 'e5', 'e1']]),
      round(2, [['e3', 'e1', 'e2']]),
      round(3, [['e2', 'e5', 'e3']]),
    ];
    const standings = seriesStandings(ctx, played, true);
    expect(standings.entrants.map((e) => [e.entrant, e.points, e.wins, e.meanPlace])).toEqual([
      ['e4', 2, 1, 1],
      ['e2', 2, 1, 2],
      ['e3', 2, 1, 2],
      ['e5', 2, 0, 2],
      ['e1', 1, 0, 2.5],
    ]);
    expect(standings.winner).toBe('e4');
  });

  it('ranks a bracket by how far each entrant got, its winner first', () => {
    const bracket = testContext({
      format: 'single-elimination',
      entrants: entrantIds(8),
      seatsPerGame: 4,
    });
    const weakestFirst = [...entrantIds(8)].reverse();
    const played = simulateSeries(bracket, byStrength(weakestFirst));
    const standings = seriesStandings(bracket, played, true);
    expect(standings.winner).toBe('e8');
    expect(standings.entrants[0]).toMatchObject({ entrant: 'e8', stage: 3 });
    expect(standings.entrants.slice(1, 2).map((e) => e.stage)).toEqual([2]);
    expect(standings.entrants.slice(2).every((e) => e.stage === 1)).toBe(true);
  });

  it('crowns the title holder of a king of the hill, not the points leader', () => {
    const hill = testContext({
      format: 'king-of-the-hill',
      entrants: entrantIds(4),
      seatsPerGame: 3,
      games: 3,
    });
    // e1 wins the first two games; e4 takes the title in the last one.
    const played = simulateSeries(hill, (game, before) =>
      byStrength(before.length < 2 ? ['e1'] : ['e4', 'e1'])(game),
    );
    const standings = seriesStandings(hill, played, true);
    expect(standings.champion).toBe('e4');
    expect(standings.winner).toBe('e4');
    expect(standings.entrants[0]).toMatchObject({ entrant: 'e1', points: 5 });
  });
});
