import type { Rng } from '@arena/models';
import type { ScheduledGame } from './series-types';

/**
 * Neutral display names for `names: rotate`: short, common, not tied to a gender or a culture's
 * expectations of expertise, with distinct initials. One per seat of the largest game.
 */
export const NEUTRAL_NAMES: readonly string[] = [
  'Avery',
  'Blake',
  'Casey',
  'Drew',
  'Emery',
  'Finley',
  'Harper',
  'Jordan',
];

/**
 * The cheapest way to put `size` items into `size` slots (an assignment problem, solved exactly
 * by dynamic programming over subsets; sizes here are at most 8). Returns, for each slot, the
 * index of the item placed there. Among equally cheap assignments the first one found wins,
 * which favours earlier items for earlier slots.
 */
export function cheapestAssignment(
  size: number,
  cost: (item: number, slot: number) => number,
): number[] {
  const states = 1 << size;
  const best = new Array<number>(states).fill(Infinity);
  const lastItem = new Array<number>(states).fill(-1);
  best[0] = 0;
  for (let mask = 0; mask < states - 1; mask++) {
    const sofar = best[mask] ?? Infinity;
    if (sofar === Infinity) continue;
    const slot = bitCount(mask);
    for (let item = 0; item < size; item++) {
      if (mask & (1 << item)) continue;
      const next = mask | (1 << item);
      const total = sofar + cost(item, slot);
      if (total < (best[next] ?? Infinity)) {
        best[next] = total;
        lastItem[next] = item;
      }
    }
  }
  const slots = new Array<number>(size);
  for (let mask = states - 1, slot = size - 1; slot >= 0; slot--) {
    const item = lastItem[mask] ?? -1;
    slots[slot] = item;
    mask &= ~(1 << item);
  }
  return slots;
}

function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
}

/** How often each entrant has sat in each seat and played under each name so far. */
export class SeatLedger {
  private readonly counts = new Map<string, number>();

  /** A ledger of every game already scheduled. */
  static of(games: Iterable<ScheduledGame>): SeatLedger {
    const ledger = new SeatLedger();
    for (const game of games) ledger.record(game);
    return ledger;
  }

  record(game: ScheduledGame): void {
    game.seats.forEach((entrant, seat) => {
      this.bump(`seat|${entrant}|${seat}`);
      const name = game.names?.[seat];
      if (name !== undefined) {
        this.bump(`name|${entrant}|${name}`);
        this.bump(`seat-name|${seat}|${name}`);
      }
    });
  }

  /** Times `entrant` sat in 0-based seat `seat`. */
  seat(entrant: string, seat: number): number {
    return this.counts.get(`seat|${entrant}|${seat}`) ?? 0;
  }

  /** Times `entrant` played under `name`. */
  name(entrant: string, name: string): number {
    return this.counts.get(`name|${entrant}|${name}`) ?? 0;
  }

  /** Times 0-based seat `seat` carried `name`. */
  seatName(seat: number, name: string): number {
    return this.counts.get(`seat-name|${seat}|${name}`) ?? 0;
  }

  private bump(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}

/**
 * Seat order for a game: the arrangement in which its entrants have sat least in these seats
 * before. A grouping that plays again rotates through a Latin square (everyone in every seat
 * once per cycle), and an entrant meeting changing groups spreads over the seats. Ties break in
 * the order of a seeded shuffle.
 */
export function arrangeSeats(entrants: readonly string[], ledger: SeatLedger, rng: Rng): string[] {
  const base = rng.shuffle(entrants);
  const slots = cheapestAssignment(base.length, (i, seat) => ledger.seat(base[i] as string, seat));
  return slots.map((i) => base[i] as string);
}

/** Weight of an entrant's repeated name over a seat's (more than a seat could ever repeat). */
const NAME_OVER_SEAT = 1000;

/**
 * Neutral names for a seated game, one per seat: each entrant gets the name it has used least,
 * and among those each seat the name it has carried least, so names neither follow entrants
 * nor seats. Ties break in the order of a seeded shuffle.
 */
export function arrangeNames(seats: readonly string[], ledger: SeatLedger, rng: Rng): string[] {
  const names = rng.shuffle(NEUTRAL_NAMES.slice(0, seats.length));
  const slots = cheapestAssignment(names.length, (n, seat) => {
    const name = names[n] as string;
    return ledger.name(seats[seat] as string, name) * NAME_OVER_SEAT + ledger.seatName(seat, name);
  });
  return slots.map((n) => names[n] as string);
}
