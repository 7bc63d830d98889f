import { hashedBagOfWords } from '@arena/agents/testing';
import type { GameState } from '@arena/models';
import { indexFromState } from '@arena/scoring';
import { spreadOf, type Spread } from '../model-layer/spread';

/** Dimensions of the stand-in embedding vectors. */
export const SEMANTIC_DIMENSIONS = 256;

/** Lookup costs with embedding vectors, in microseconds. */
export interface SemanticLookupCost {
  /** `nearest(text, 5)` comparing words only, on the same index. */
  wordsUs: Spread;
  /** `withQueryVector(text, vector).nearest(text, 5)`: words and meanings. */
  withVectorsUs: Spread;
}

/**
 * Times lookups in an index of `state`'s contributions that all carry a vector: the loopback
 * server's feature-hashed bag of words (deterministic, no model). Unlike a real embedding model
 * it keeps texts of one topic far apart, so this measures what the SimHash tables and the
 * bounded exact comparisons cost, not how a model's geometry fills the buckets. Each of
 * `queries` is looked up `rounds` times with its vector, and as often by words alone (on a
 * slightly different text, so that neither lookup reuses the other's signature).
 */
export function measureSemanticLookups(
  state: GameState,
  queries: readonly string[],
  rounds: number,
): SemanticLookupCost {
  const vectors = new Map(
    state.messages
      .filter((m) => m.kind === 'contribution')
      .map((m) => [m.id, hashedBagOfWords(m.text, SEMANTIC_DIMENSIONS)]),
  );
  const index = indexFromState(state, {}, vectors);
  const words: number[] = [];
  const withVectors: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const text of queries) {
      // A trailing mark makes every lookup new to the index's cache of the last lookup.
      const query = `${text} (${round})`;
      const vector = hashedBagOfWords(query, SEMANTIC_DIMENSIONS);
      let t0 = performance.now();
      index.withQueryVector(query, vector).nearest(query, 5);
      withVectors.push((performance.now() - t0) * 1000);
      t0 = performance.now();
      index.nearest(`${query}.`, 5);
      words.push((performance.now() - t0) * 1000);
    }
  }
  return { wordsUs: spreadOf(words), withVectorsUs: spreadOf(withVectors) };
}
