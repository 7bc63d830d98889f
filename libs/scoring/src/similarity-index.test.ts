import { createRng, hasErrorCode } from '@arena/models';
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

describe('ranking by words', () => {
  it('always finds the most similar contribution when it is clearly similar (property)', () => {
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 40 }), sentence, (texts, query) => {
        const index = createSimilarityIndex();
        texts.forEach((text, i) => index.add({ messageId: `M${i + 1}`, speakerId: 'P1', text }));
        const scores = texts.map((text) => textSimilarity(query, text));
        const best = Math.max(...scores);
        const found = index.nearest(query, 3);
        // Below 1 in 10^7, a pair this similar shares no band; the rest may share one.
        if (best >= 0.5) expect(found[0]?.similarity).toBe(best);
        for (const match of found) {
          expect(match.similarity).toBe(scores[Number(match.messageId.slice(1)) - 1]);
        }
        for (let i = 1; i < found.length; i++) {
          expect(found[i - 1]?.similarity ?? 0).toBeGreaterThanOrEqual(found[i]?.similarity ?? 0);
        }
      }),
      { numRuns: 80, seed: 7 },
    );
  });

  it('still finds every near-duplicate in a long game on one topic, the same way every time', () => {
    const rng = createRng(5);
    const texts = Array.from({ length: 400 }, () =>
      Array.from({ length: 14 }, () => rng.pick(VOCABULARY)).join(' '),
    );
    const build = () => {
      const index = createSimilarityIndex();
      texts.forEach((text, i) => index.add({ messageId: `M${i + 1}`, speakerId: 'P1', text }));
      return index;
    };
    const index = build();
    const again = build();
    for (let q = 0; q < 20; q++) {
      const words = (texts[rng.int(texts.length)] as string).split(' ');
      words[rng.int(words.length)] = rng.pick(VOCABULARY);
      const query = words.join(' ');
      const scores = texts.map((text) => textSimilarity(query, text));
      const best = Math.max(...scores);
      const found = index.nearest(query, 3);
      expect(best).toBeGreaterThanOrEqual(0.5);
      expect(found[0]?.similarity).toBe(best);
      for (const match of found) {
        expect(match.similarity).toBe(scores[Number(match.messageId.slice(1)) - 1]);
      }
      expect(again.nearest(query, 3)).toEqual(found);
    }
  });

  it('answers a repeated lookup the same way, and sees what was added since', () => {
    const index = createSimilarityIndex();
    index.add({ messageId: 'M1', speakerId: 'P1', text: PIERS });
    const first = index.nearest(DECK, 5);
    expect(index.nearest(DECK, 1)).toEqual(first.slice(0, 1));
    index.add({ messageId: 'M2', speakerId: 'P2', text: DECK });
    expect(index.nearest(DECK, 1)[0]).toMatchObject({ messageId: 'M2', similarity: 1 });
  });
});

/** A unit vector along axis `i` of `n`, tilted towards axis `j` by `tilt`. */
function axis(n: number, i: number, j = i, tilt = 0): number[] {
  const v = new Array<number>(n).fill(0);
  v[i] = 1;
  v[j] = (v[j] ?? 0) + tilt;
  return v;
}

describe('similarity by meaning', () => {
  const PARAPHRASE = 'Fix each column to rock; metal stakes hold it in place.';

  it('finds a paraphrase that shares few words when both carry the same vector', () => {
    const index = createSimilarityIndex();
    index.add({ messageId: 'M1', speakerId: 'P1', text: PIERS, vector: axis(8, 0) });
    index.add({ messageId: 'M2', speakerId: 'P2', text: DECK, vector: axis(8, 1) });
    expect(index.nearest(PARAPHRASE, 1)).toEqual([]);
    const [match] = index.withQueryVector(PARAPHRASE, axis(8, 0)).nearest(PARAPHRASE, 1);
    expect(match).toMatchObject({ messageId: 'M1', similarity: 1, semantic: 1 });
    expect(match?.lexical).toBeLessThan(0.15);
  });

  it('reports the larger of the word similarity and the calibrated cosine', () => {
    const index = createSimilarityIndex({ semantic: { cosineFloor: 0.6 } });
    index.add({ messageId: 'M1', speakerId: 'P1', text: PIERS, vector: axis(4, 0) });
    // cosine 0.8: calibrated (0.8 - 0.6) / (1 - 0.6) = 0.5
    const tilted = [0.8, 0.6, 0, 0];
    const [byMeaning] = index.withQueryVector(PARAPHRASE, tilted).nearest(PARAPHRASE, 1);
    expect(byMeaning?.semantic).toBeCloseTo(0.5, 6);
    expect(byMeaning?.similarity).toBeCloseTo(0.5, 6);
    // The same words with an unrelated vector: the words decide.
    const [byWords] = index.withQueryVector(PIERS, axis(4, 3)).nearest(PIERS, 1);
    expect(byWords).toMatchObject({ similarity: 1, lexical: 1, semantic: 0 });
  });

  it('compares words only when the query or the contribution has no vector', () => {
    const index = createSimilarityIndex();
    index.add({ messageId: 'M1', speakerId: 'P1', text: PIERS });
    index.add({ messageId: 'M2', speakerId: 'P2', text: DECK, vector: axis(8, 2) });
    expect(index.nearest(DECK, 2)).toEqual(createPlainMatches(DECK, [PIERS, DECK]));
    const view = index.withQueryVector(PIERS, axis(8, 2));
    expect(view.nearest(PIERS, 1)).toEqual([{ messageId: 'M1', speakerId: 'P1', similarity: 1 }]);
    expect(view.nearest(DECK, 1)).toEqual([{ messageId: 'M2', speakerId: 'P2', similarity: 1 }]);
  });

  it('takes vectors later, from setVector or from indexFromState', () => {
    const index = createSimilarityIndex();
    index.add({ messageId: 'M1', speakerId: 'P1', text: PIERS });
    index.setVector('M1', axis(8, 5));
    index.setVector('M1', axis(8, 6));
    expect(index.withQueryVector(PARAPHRASE, axis(8, 5)).nearest(PARAPHRASE, 1)[0]?.semantic).toBe(
      1,
    );
    const game = scriptGame();
    game.contribute('P1', PIERS);
    const rebuilt = indexFromState(game.state(), {}, new Map([['M1', axis(8, 5)]]));
    expect(rebuilt.withQueryVector(PARAPHRASE, axis(8, 5)).nearest(PARAPHRASE, 1)[0]).toMatchObject(
      {
        messageId: 'M1',
        similarity: 1,
      },
    );
  });

  it('finds the near-duplicate vector among thousands, the same way every time', () => {
    const rng = createRng(11);
    const dimension = 96;
    const random = () => Array.from({ length: dimension }, () => rng.next() * 2 - 1);
    const vectors = Array.from({ length: 3000 }, random);
    const build = () => {
      const index = createSimilarityIndex();
      vectors.forEach((vector, i) =>
        index.add({ messageId: `M${i + 1}`, speakerId: 'P1', text: `entry ${i}`, vector }),
      );
      return index;
    };
    const [a, b] = [build(), build()];
    for (const target of [7, 1234, 2999]) {
      const near = (vectors[target] as number[]).map((x) => x + (rng.next() - 0.5) * 0.1);
      const found = a.withQueryVector('query', near).nearest('query', 1);
      expect(found[0]?.messageId).toBe(`M${target + 1}`);
      expect(found[0]?.semantic).toBeGreaterThan(0.9);
      expect(b.withQueryVector('query', near).nearest('query', 1)).toEqual(found);
    }
  });

  it('rejects vectors it cannot index', () => {
    const index = createSimilarityIndex();
    index.add({ messageId: 'M1', speakerId: 'P1', text: PIERS, vector: axis(8, 0) });
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return hasErrorCode(e, SCORING_ERROR_CODES.INVALID_VECTOR) ? String(e) : 'other error';
      }
      return 'no error';
    };
    expect(codeOf(() => index.withQueryVector(DECK, axis(4, 0)))).toMatch(/4 dimensions.*8/);
    expect(
      codeOf(() => index.add({ messageId: 'M2', speakerId: 'P1', text: DECK, vector: [] })),
    ).toMatch(/empty/);
    expect(codeOf(() => index.setVector('M1', [Number.NaN]))).toBe('no error');
    expect(codeOf(() => index.setVector('M9', axis(8, 0)))).toMatch(/No contribution M9/);
    expect(
      codeOf(() =>
        index.add({ messageId: 'M3', speakerId: 'P1', text: DECK, vector: [1, Infinity] }),
      ),
    ).toMatch(/non-finite value at index 1/);
  });

  it('rejects semantic options that cannot work', () => {
    for (const semantic of [
      { cosineFloor: 1 },
      { bits: 40 },
      { tables: 0 },
      { bits: 20, planes: 10 },
    ]) {
      let caught: unknown;
      try {
        createSimilarityIndex({ semantic });
      } catch (e) {
        caught = e;
      }
      expect(hasErrorCode(caught, SCORING_ERROR_CODES.INVALID_SIMILARITY_OPTIONS)).toBe(true);
      expect(String(caught)).toMatch(/semantic\./);
    }
  });
});

/** What a words-only index reports for `query` against `texts` (added as M1, M2, …). */
function createPlainMatches(query: string, texts: string[]) {
  const index = createSimilarityIndex();
  texts.forEach((text, i) => index.add({ messageId: `M${i + 1}`, speakerId: `P${i + 1}`, text }));
  return index.nearest(query, texts.length);
}
