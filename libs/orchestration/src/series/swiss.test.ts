import { describe, expect, it } from 'vitest';
import { groupingKey } from './groupings';
import { tallyResults } from './tally';
import { byStrength, entrantIds, simulateSeries, testContext } from './series.fixture';

describe('swiss', () => {
  const ctx = testContext({ format: 'swiss', entrants: entrantIds(8), rounds: 4 });
  const strength = byStrength(entrantIds(8));

  it('plays the configured rounds, everyone once a round', () => {
    const played = simulateSeries(ctx, strength);
    expect(played).toHaveLength(4);
    for (const round of played) {
      expect(round.games.map((g) => g.seats.length)).toEqual([4, 4]);
      expect(round.games.flatMap((g) => g.seats).sort()).toEqual([...ctx.entrants].sort());
    }
  });

  it('groups entrants with their neighbours in the points table', () => {
    const played = simulateSeries(ctx, strength);
    const afterOne = tallyResults(ctx, played.slice(0, 1));
    const points = (e: string) => afterOne.get(e)?.points ?? 0;
    const [top, bottom] = played[1]?.games ?? [];
    const lowestTop = Math.min(...(top?.seats ?? []).map(points));
    const highestBottom = Math.max(...(bottom?.seats ?? []).map(points));
    expect(lowestTop).toBeGreaterThanOrEqual(highestBottom);
    expect(new Set(top?.seats)).toEqual(new Set(['e1', 'e2', 'e3', 'e4']));
  });

  it('avoids a grouping that already played when a swap allows', () => {
    const played = simulateSeries(ctx, strength);
    const keys = played.flatMap((r) => r.games.map((g) => groupingKey(g.seats)));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('repeats a grouping only when nothing else is possible', () => {
    const small = testContext({ format: 'swiss', entrants: entrantIds(4), rounds: 3 });
    const played = simulateSeries(small, byStrength(entrantIds(4)));
    expect(played.map((r) => r.games.length)).toEqual([1, 1, 1]);
  });

  it('breaks ties in the table by the seed', () => {
    const seeds = [1, 2, 3, 4].map((seed) => {
      const seeded = testContext({ format: 'swiss', entrants: entrantIds(8), rounds: 1, seed });
      return simulateSeries(seeded, strength)[0]
        ?.games.map((g) => groupingKey(g.seats))
        .join(' / ');
    });
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('makes groups of nearly equal size when the entrants do not divide evenly', () => {
    const odd = testContext({ format: 'swiss', entrants: entrantIds(10), rounds: 2 });
    const played = simulateSeries(odd, byStrength(entrantIds(10)));
    expect(played[0]?.games.map((g) => g.seats.length)).toEqual([4, 3, 3]);
  });
});
