import { gameRng } from '@arena/models';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateWeights, softmaxDraw } from './softmax-draw';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** How often each index is drawn over `runs` seeds. */
function frequencies(utilities: number[], epsilon: number, temperature: number, runs: number) {
  const counts = utilities.map(() => 0);
  for (let seed = 0; seed < runs; seed++) {
    const { index } = softmaxDraw(utilities, gameRng(seed, 'draw'), epsilon, temperature);
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts.map((c) => c / runs);
}

describe('softmaxDraw', () => {
  it('draws the same candidate for the same seed', () => {
    const utilities = [0.2, 0.7, 0.4, 0.1];
    for (let seed = 0; seed < 50; seed++) {
      expect(softmaxDraw(utilities, gameRng(seed, 'draw'), 0.1, 0.35)).toEqual(
        softmaxDraw(utilities, gameRng(seed, 'draw'), 0.1, 0.35),
      );
    }
  });

  it('uses exactly two numbers of the stream, so later draws of the game do not shift', () => {
    for (const epsilon of [0, 0.5, 1]) {
      const rng = gameRng(4, 'draw');
      const twin = gameRng(4, 'draw');
      softmaxDraw([0.1, 0.9, 0.5], rng, epsilon, 0.3);
      twin.next();
      twin.next();
      expect(rng.next()).toBe(twin.next());
    }
  });

  it('gives the higher utility the higher chance, more sharply at a lower temperature', () => {
    const warm = softmaxDraw([0.2, 0.8], gameRng(1, 'draw'), 0, 1).probability;
    const cold = softmaxDraw([0.2, 0.8], gameRng(1, 'draw'), 0, 0.1).probability;
    expect(warm[1]).toBeGreaterThan(warm[0] as number);
    expect(cold[1]).toBeGreaterThan(warm[1] as number);
    expect(cold[1]).toBeCloseTo(1 / (1 + Math.exp(-6)), 9);
  });

  it('is uniform with epsilon 1 and always says the pick was an exploration', () => {
    const utilities = [5, 0, 0, 0];
    for (let seed = 0; seed < 40; seed++) {
      const draw = softmaxDraw(utilities, gameRng(seed, 'draw'), 1, 0.3);
      expect(draw.explored).toBe(true);
      expect(draw.probability).toEqual([0.25, 0.25, 0.25, 0.25]);
    }
    const seen = frequencies(utilities, 1, 0.3, 800);
    for (const share of seen) expect(share).toBeGreaterThan(0.18);
  });

  it('never explores with epsilon 0', () => {
    for (let seed = 0; seed < 40; seed++) {
      expect(softmaxDraw([0.3, 0.6], gameRng(seed, 'draw'), 0, 0.3).explored).toBe(false);
    }
  });

  it('draws each candidate about as often as its recorded probability', () => {
    const utilities = [0.1, 0.5, 0.9];
    const expected = softmaxDraw(utilities, gameRng(0, 'draw'), 0.15, 0.3).probability;
    const seen = frequencies(utilities, 0.15, 0.3, 3000);
    seen.forEach((share, i) =>
      expect(Math.abs(share - (expected[i] as number))).toBeLessThan(0.04),
    );
  });

  it('stays finite for large utilities', () => {
    const draw = softmaxDraw([1000, 999, 998], gameRng(2, 'draw'), 0, 0.01);
    expect(draw.probability.every(Number.isFinite)).toBe(true);
    expect(draw.index).toBe(0);
  });

  it('returns probabilities that sum to 1 and an index in range (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.nat(),
        (utilities, epsilon, temperature, seed) => {
          const draw = softmaxDraw(utilities, gameRng(seed, 'draw'), epsilon, temperature);
          expect(sum(draw.probability)).toBeCloseTo(1, 9);
          expect(draw.index).toBeGreaterThanOrEqual(0);
          expect(draw.index).toBeLessThan(utilities.length);
          for (const p of draw.probability)
            expect(p).toBeGreaterThanOrEqual(epsilon / utilities.length - 1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('candidateWeights', () => {
  it('lists every active player, 0 for those not eligible, rounded to four decimals', () => {
    const active = [{ id: 'P1' }, { id: 'P2' }, { id: 'P3' }];
    const eligible = [{ id: 'P2' }, { id: 'P3' }];
    expect(candidateWeights(active, eligible, [1 / 3, 2 / 3])).toEqual([
      { playerId: 'P1', weight: 0 },
      { playerId: 'P2', weight: 0.3333 },
      { playerId: 'P3', weight: 0.6667 },
    ]);
  });
});
