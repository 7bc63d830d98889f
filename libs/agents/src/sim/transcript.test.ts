import { createRng } from '@arena/models';
import { testScenario } from '@arena/models/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  messageIdsIn,
  quoteFragment,
  sentencesOf,
  maxSimilarity,
  subProblemOf,
} from './transcript';

describe('transcript reading', () => {
  it('quotes exact fragments without quotation marks or brackets', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer(), (text, seed) => {
        const fragment = quoteFragment(sentencesOf(text), createRng(seed));
        if (fragment === undefined) return;
        expect(text).toContain(fragment);
        expect(fragment).not.toMatch(/["()]/);
        expect(fragment.split(' ').length).toBeGreaterThanOrEqual(3);
      }),
      { numRuns: 300 },
    );
  });

  it('prefers fragments with the given keywords', () => {
    const text = 'We should do many things today. Raise the deck on hinges before the flood.';
    for (let seed = 0; seed < 20; seed++) {
      expect(quoteFragment(sentencesOf(text), createRng(seed), ['deck'])).toContain('deck');
    }
  });

  it('measures similarity and finds the sub-problem a text is about', () => {
    const a =
      'Put a gauge and a sensor on every pier, and close the bridge at the alert threshold.';
    const message = (text: string) => ({
      id: 'M1',
      kind: 'contribution' as const,
      turn: 1,
      speakerId: 'P1',
      text,
      cites: [],
    });
    expect(maxSimilarity(a, [message(a)])).toBe(1);
    expect(maxSimilarity(a, [message('Something else entirely about lunch menus.')])).toBe(0);
    expect(maxSimilarity(a, [])).toBe(0);
    expect(subProblemOf(testScenario, a)?.id).toBe('monitoring');
    expect(subProblemOf(testScenario, 'nothing relevant')).toBeUndefined();
    expect(messageIdsIn('As M3 and M12 said, and M3 again')).toEqual(['M3', 'M12']);
  });
});
