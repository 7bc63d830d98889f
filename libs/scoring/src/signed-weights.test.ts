import { DEFAULT_RULES, DIMENSIONS, GAME_MODES, PHASES } from '@arena/models';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedWeights } from './signed-weights';

describe('signedWeights', () => {
  it('uses the phase’s magnitudes', () => {
    expect(signedWeights(DEFAULT_RULES, 'mid', 'competitive')).toEqual(DEFAULT_RULES.weights.mid);
  });

  it('signs manipulation by mode and leaves the other weights positive (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PHASES), fc.constantFrom(...GAME_MODES), (phase, mode) => {
        const weights = signedWeights(DEFAULT_RULES, phase, mode);
        const magnitude = DEFAULT_RULES.weights[phase].manipulation;
        const expected = { competitive: magnitude, cooperative: -magnitude, mixed: 0 }[mode];
        expect(Object.is(weights.manipulation, expected)).toBe(true);
        for (const d of DIMENSIONS.filter((x) => x !== 'manipulation')) {
          expect(weights[d]).toBe(DEFAULT_RULES.weights[phase][d]);
          expect(weights[d]).toBeGreaterThanOrEqual(0);
        }
        const absolute = DIMENSIONS.reduce((sum, d) => sum + Math.abs(weights[d]), 0);
        expect(absolute).toBeCloseTo(mode === 'mixed' ? 1 - magnitude : 1, 9);
      }),
    );
  });
});
