import { hasErrorCode } from '@arena/models';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCORING_ERROR_CODES } from './errors';
import { scriptGame } from './game.fixture';
import { createSimilarityIndex, indexFromState, textSimilarity } from './similarity-index';

const PIERS = 'Anchor the piers to bedrock with steel piles so spring scour cannot undermine them.';
const DECK = 'Hinge the deck at the east bank and lift it with a winch before the flood peak.';
const SENSORS =
  'Put a water gauge upstream and close the bridge when it crosses a fixed threshold.';

const VOCABULARY = [
  'bridge',
  'pier',
  'deck',
  'flood',
  'sensor',
  'anchor',
  'steel',
  'timber',
  'river',
  'bank',
  'cable',
  'winch',
  'gauge',
  'alert',
  'scour',
  'bedrock',
  'drain',
  'grating',
  'hinge',
  'town',
];
const sentence = fc
  .array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 20 })
  .map((w) => w.join(' '));

describe('textSimilarity', () => {
  it('is 1 for identical texts, whatever their case and punctuation', () => {
    expect(textSimilarity(PIERS, PIERS.toUpperCase().replace(/[.,]/g, ''))).toBe(1);
  });

  it('is low for unrelated texts and high for a light paraphrase', () => {
    expect(textSimilarity(PIERS, DECK)).toBeLessThan(0.15);
    const paraphrase =
      'Anchor the piers into bedrock with steel piles so spring scour can never undermine them.';
    expect(textSimilarity(PIERS, paraphrase)).toBeGreaterThan(0.55);
  });

  it('is 0 when a text has no content words', () => {
    expect(textSimilarity('so', 'so')).toBe(0);
  });

  it('is symmetric and 1 for identical text (property)', () => {
    fc.assert(
      fc.property(sentence, sentence, (a, b) => {
        expect(textSimilarity(a, a)).toBe(1);
        expect(textSimilarity(a, b)).toBe(textSimilarity(b, a));
        const s = textSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });
});

describe('createSimilarityIndex', () => {
  it('finds the nearest prior contributions, best first, the speaker’s own included', () => {
    const index = createSimilarityIndex();
    index.add({ messageId: 'M1', speakerId: 'P1', text: PIERS });
    index.add({ messageId: 'M2', speakerId: 'P2', text: DECK });
    index.add({ messageId: 'M3', speakerId: 'P3', text: SENSORS });
    expect(index.size).toBe(3);
    const [best] = index.nearest(`${DECK} Then lock it.`, 2);
    expect(best).toMatchObject({ messageId: 'M2', speakerId: 'P2' });
    expect(best?.similarity).toBeGreaterThan(0.6);
    expect(index.nearest(PIERS, 1)).toEqual([{ messageId: 'M1', speakerId: 'P1', similarity: 1 }]);
  });

  it('matches the same way in both directions (property)', () => {
    fc.assert(
      fc.property(sentence, sentence, (a, b) => {
        const left = createSimilarityIndex();
        left.add({ messageId: 'M1', speakerId: 'P1', text: a });
        const right = createSimilarityIndex();
        right.add({ messageId: 'M1', speakerId: 'P1', text: b });
        const ab = left.nearest(b, 1)[0]?.similarity ?? 0;
        const ba = right.nearest(a, 1)[0]?.similarity ?? 0;
        expect(ab).toBe(ba);
      }),
      { numRuns: 60 },
    );
  });

  it('still finds a duplicate among many unrelated contributions', () => {
    const index = createSimilarityIndex();
    for (let i = 0; i < 200; i++) {
      index.add({
        messageId: `M${i + 10}`,
        speakerId: 'P1',
        text: `proposal ${i} variant w${i * 7} x${i * 13} y${i * 31} z${i}`,
      });
    }
    index.add({ messageId: 'M5', speakerId: 'P2', text: SENSORS });
    expect(index.nearest(SENSORS, 1)[0]).toMatchObject({ messageId: 'M5', similarity: 1 });
  });

  it('ignores texts without content words and repeated ids', () => {
    const index = createSimilarityIndex();
    index.add({ messageId: 'M1', speakerId: 'P1', text: 'so' });
    index.add({ messageId: 'M1', speakerId: 'P1', text: PIERS });
    expect(index.size).toBe(1);
    expect(index.has('M1')).toBe(true);
    expect(index.nearest('so')).toEqual([]);
    expect(index.nearest(PIERS)).toEqual([]);
  });

  it('measures distance from the centroid of everything added', () => {
    const index = createSimilarityIndex();
    expect(index.centroidDistance(PIERS)).toBe(1);
    index.add({ messageId: 'M1', speakerId: 'P1', text: PIERS });
    index.add({ messageId: 'M2', speakerId: 'P2', text: PIERS });
    expect(index.centroidDistance(PIERS)).toBeCloseTo(0, 6);
    expect(index.centroidDistance(DECK)).toBeGreaterThan(0.9);
    expect(index.centroidDistance('so')).toBe(0);
  });

  it('can leave one contribution out of the centroid', () => {
    const index = createSimilarityIndex();
    index.add({ messageId: 'M1', speakerId: 'P1', text: PIERS });
    index.add({ messageId: 'M2', speakerId: 'P2', text: DECK });
    const without = index.centroidDistance(DECK, { excludeMessageId: 'M2' });
    const fresh = createSimilarityIndex();
    fresh.add({ messageId: 'M1', speakerId: 'P1', text: PIERS });
    expect(without).toBeCloseTo(fresh.centroidDistance(DECK), 9);
    expect(index.centroidDistance(DECK, { excludeMessageId: 'M1' })).toBeCloseTo(0, 6);
    expect(index.centroidDistance(PIERS, { excludeMessageId: 'M1' })).toBeGreaterThan(0.9);
  });

  it('rejects options that cannot work together', () => {
    let caught: unknown;
    try {
      createSimilarityIndex({ numHashes: 100, bands: 30 });
    } catch (e) {
      caught = e;
    }
    expect(hasErrorCode(caught, SCORING_ERROR_CODES.INVALID_SIMILARITY_OPTIONS)).toBe(true);
    expect(String(caught)).toMatch(/bands must divide numHashes/);
  });
});

describe('indexFromState', () => {
  it('holds the accepted contributions of the transcript and nothing else', () => {
    const game = scriptGame();
    game.contribute('P1', PIERS);
    const { messageId } = game.accuse({
      accuserId: 'P2',
      accusedId: 'P1',
      kind: 'other',
      claim: SENSORS,
      evidence: [{ messageId: 'M1', quote: 'Anchor' }],
    });
    game.contribute('P3', DECK);
    const index = indexFromState(game.state());
    expect(index.size).toBe(2);
    expect(index.has(messageId)).toBe(false);
    expect(index.nearest(DECK, 1)[0]?.messageId).toBe('M3');
  });
});
