import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '@arena/models';
import { combinations } from './groupings';
import {
  NEUTRAL_NAMES,
  SeatLedger,
  arrangeNames,
  arrangeSeats,
  cheapestAssignment,
} from './seat-arrangement';
import type { ScheduledGame } from './series-types';

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

/** Plays `games` games of one grouping, arranging seats and names each time. */
function repeatGrouping(entrants: string[], games: number): ScheduledGame[] {
  const ledger = new SeatLedger();
  return Array.from({ length: games }, (_, index) => {
    const seats = arrangeSeats(entrants, ledger, createRng(index));
    const game: ScheduledGame = {
      round: index + 1,
      index,
      gameId: `g${index}`,
      seats,
      names: arrangeNames(seats, ledger, createRng(100 + index)),
      champion: null,
    };
    ledger.record(game);
    return game;
  });
}

describe('cheapestAssignment', () => {
  it('finds an assignment as cheap as the best of all permutations', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.array(fc.nat(5), { minLength: n * n, maxLength: n * n })),
          ),
        ([n, costs]) => {
          const cost = (item: number, slot: number) => costs[item * n + slot] ?? 0;
          const total = (slots: number[]) =>
            slots.reduce((sum, item, slot) => sum + cost(item, slot), 0);
          const found = cheapestAssignment(n, cost);
          expect([...found].sort()).toEqual(Array.from({ length: n }, (_, i) => i));
          expect(total(found)).toBe(Math.min(...permutations(n).map(total)));
        },
      ),
    );
  });
});

describe('arrangeSeats and arrangeNames', () => {
  it.each([2, 3, 4, 6, 8])(
    'rotate a grouping of %i that plays again through a Latin square',
    (m) => {
      const entrants = Array.from({ length: m }, (_, i) => `e${i}`);
      const games = repeatGrouping(entrants, 2 * m);
      for (const cycle of [games.slice(0, m), games.slice(m)]) {
        for (const e of entrants) {
          expect(new Set(cycle.map((g) => g.seats.indexOf(e))).size).toBe(m);
          expect(new Set(cycle.map((g) => g.names?.[g.seats.indexOf(e)])).size).toBe(m);
        }
        for (let seat = 0; seat < m; seat++) {
          expect(new Set(cycle.map((g) => g.seats[seat])).size).toBe(m);
        }
      }
    },
  );

  it('uses neutral names, one per seat', () => {
    const [game] = repeatGrouping(['a', 'b', 'c', 'd', 'e'], 1);
    expect(new Set(game?.names)).toEqual(new Set(NEUTRAL_NAMES.slice(0, 5)));
  });

  it('keeps names from following seats when seats and names both rotate', () => {
    const games = repeatGrouping(['a', 'b', 'c', 'd'], 8);
    for (let seat = 0; seat < 4; seat++) {
      expect(new Set(games.map((g) => g.names?.[seat])).size).toBeGreaterThan(1);
    }
  });

  it('spreads an entrant over the seats when it meets changing groups', () => {
    const ledger = new SeatLedger();
    const pool = ['a', 'b', 'c', 'd', 'e', 'f'];
    combinations(pool, 3).forEach((entrants, index) => {
      const seats = arrangeSeats(entrants, ledger, createRng(index));
      ledger.record({ round: 1, index, gameId: `g${index}`, seats, names: null, champion: null });
    });
    for (const e of pool) {
      const counts = [0, 1, 2].map((seat) => ledger.seat(e, seat));
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });
});
