import { SeriesConfigSchema, type SeriesConfigInput } from './series-config';
import { planRound } from './schedule';
import type { PlayedRound, ScheduledGame, SeriesContext } from './series-types';

/** Entrant ids for tests: e1, e2, … */
export const entrantIds = (n: number) => Array.from({ length: n }, (_, i) => `e${i + 1}`);

/** A series definition whose scenario may be left out. */
export type TestSeriesInput = SeriesConfigInput extends infer U
  ? U extends unknown
    ? Omit<U, 'scenario'> & { scenario?: string }
    : never
  : never;

/** A series context whose entrant keys are the character refs as written. */
export function testContext(input: TestSeriesInput): SeriesContext {
  const config = SeriesConfigSchema.parse({ scenario: 'test-bridge', ...input });
  return { config, entrants: config.entrants.map((e) => e.character) };
}

/**
 * Finish order decided by a fixed strength ranking: entrants earlier in `order` place better,
 * entrants it does not list after them (in seat order).
 */
export const byStrength = (order: readonly string[]) => {
  const rank = (e: string) => (order.includes(e) ? order.indexOf(e) : order.length);
  return (game: ScheduledGame): string[] => [...game.seats].sort((a, b) => rank(a) - rank(b));
};

/** Plays out a whole schedule without games: `finish` decides each game's order (winner first). */
export function simulateSeries(
  ctx: SeriesContext,
  finish: (game: ScheduledGame, played: readonly PlayedRound[]) => string[],
): PlayedRound[] {
  const played: PlayedRound[] = [];
  for (let plan = planRound(ctx, played); plan; plan = planRound(ctx, played)) {
    const results = plan.games.map((game) => {
      const order = finish(game, played);
      return { gameId: game.gameId, finish: order, winner: order[0] ?? null };
    });
    played.push({ ...plan, results });
  }
  return played;
}

/** Every game of a simulated series, in schedule order. */
export const gamesOf = (played: readonly PlayedRound[]) => played.flatMap((r) => r.games);

/** How often each entrant sat in each seat: entrant → counts by 0-based seat. */
export function seatCounts(games: readonly ScheduledGame[], seats: number): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  for (const game of games) {
    game.seats.forEach((e, seat) => {
      const row = counts.get(e) ?? new Array<number>(seats).fill(0);
      row[seat] = (row[seat] ?? 0) + 1;
      counts.set(e, row);
    });
  }
  return counts;
}
