import { ArenaError, type GameState } from '@arena/models';
import { contentWords } from './content-words';
import { SCORING_ERROR_CODES } from './errors';
import {
  bandKey,
  bandedSimilarity,
  createSigner,
  fingerprintWords,
  fingerprintsOf,
  signatureSimilarity,
  storedMatches,
  storedSimilarity,
} from './minhash';
import {
  calibratedCosine,
  cosine,
  createSimHasher,
  resolveSemantic,
  unitVector,
  type SemanticOptions,
  type SimHasher,
} from './simhash';

/** A prior contribution close to a queried text. */
export interface SimilarityMatch {
  messageId: string;
  speakerId: string;
  /**
   * How close the two texts are, in [0, 1]: the estimated Jaccard similarity of their shingle
   * sets; when both have embedding vectors and the pair was compared by meaning, the larger of
   * that and the calibrated cosine (see {@link SemanticOptions.cosineFloor}).
   */
  similarity: number;
  /** Set only when the pair was compared by meaning: the Jaccard estimate on its own. */
  lexical?: number;
  /** Set only when the pair was compared by meaning: the calibrated cosine on its own. */
  semantic?: number;
}

/** Options of {@link createSimilarityIndex}. */
export interface SimilarityOptions {
  /** Hash functions per MinHash signature; more gives a finer estimate. @default 128 */
  numHashes?: number;
  /** Longest word n-gram used as a shingle; every n-gram from 1 to this size counts. @default 3 */
  shingleSize?: number;
  /** LSH bands the signature is cut into (must divide `numHashes`). @default 64 */
  bands?: number;
  /** How embedding vectors, where contributions carry them, are indexed and compared. */
  semantic?: SemanticOptions;
}

/** An accepted contribution to index; `vector` is its embedding, when there is one. */
export interface IndexEntry {
  messageId: string;
  speakerId: string;
  text: string;
  vector?: readonly number[];
}

/**
 * Every accepted contribution of a game, ready for near-duplicate lookup. Lookups go through
 * LSH buckets (MinHash bands for the words, SimHash tables for embedding vectors), so the cost
 * of a query follows the number of contributions that share a bucket with it, not the length
 * of the game.
 */
export interface SimilarityIndex {
  /** Add an accepted contribution (a repeated message id is ignored). */
  add(entry: IndexEntry): void;
  /**
   * Give a contribution added without an embedding its vector (a resumed game embeds its
   * transcript after rebuilding the index); ignored when it already has one.
   */
  setVector(messageId: string, vector: readonly number[]): void;
  /** Whether a contribution with this message id has been added. */
  has(messageId: string): boolean;
  /**
   * Top-k prior contributions by similarity, best first (ties: earliest first). Lexical
   * candidates are the contributions sharing a MinHash band with the text: those that share
   * almost nothing (below about 0.1) may be missed and count as not similar. When more than 48
   * contributions share a band (a long game on one topic), only the 48 sharing the most bands
   * are compared in full (ties: earliest first), so the cost of a lookup stays bounded however
   * long the game. The expected number of shared bands grows with the similarity, so a
   * near-duplicate stays among them, but weaker matches (below about 0.2) may then be missed.
   * @param k how many matches at most. @default 5
   */
  nearest(text: string, k?: number): SimilarityMatch[];
  /**
   * A view of this index in which `nearest(text)` also compares `vector` (the embedding of
   * `text`) with the contributions' vectors. Candidates by meaning are every contribution with
   * a vector while there are at most `semantic.maxCandidates`, then the `maxCandidates`
   * sharing the most SimHash tables with it (a bounded cost however long the game).
   */
  withQueryVector(text: string, vector: readonly number[]): SimilarityIndex;
  /**
   * Distance in [0,1] of `text` from the centroid (term-frequency) of everything added so far:
   * 1 - cosine similarity; 1 when nothing has been added, 0 for a text without content words.
   * @param options.excludeMessageId leave this contribution out of the centroid (to measure a
   *   contribution that is already in the index against the others).
   */
  centroidDistance(text: string, options?: { excludeMessageId?: string }): number;
  readonly size: number;
}

/** Unit-length term-frequency vector of a text's content words. */
function termVector(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of contentWords(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  let norm = 0;
  for (const c of counts.values()) norm += c * c;
  norm = Math.sqrt(norm);
  for (const [w, c] of counts) counts.set(w, c / norm);
  return counts;
}

interface Entry {
  messageId: string;
  speakerId: string;
  /** Whether the text has a signature (at `position × numHashes` in the signature store). */
  signed: boolean;
  terms: Map<string, number>;
  unit: Float32Array | null;
}

/** What a text's lookups need, kept for the last few texts (a gate check, its score and its add). */
interface TextAnalysis {
  signature?: Uint32Array | null;
  terms?: Map<string, number>;
}

const ANALYSIS_CACHE = 16;
const DEFAULT_K = 5;
/**
 * Most contributions compared in full by words in one lookup: past this, the contributions
 * sharing the most MinHash bands with the text (ties: earliest first).
 */
const LEXICAL_CANDIDATES = 48;

interface Ranked extends SimilarityMatch {
  position: number;
}

function before(a: Pick<Ranked, 'similarity' | 'position'>, b: Ranked): boolean {
  return a.similarity > b.similarity || (a.similarity === b.similarity && a.position < b.position);
}

/** Inserts into a best-first list of at most `k`, ordered by similarity then position. */
function insertRanked(top: Ranked[], match: Ranked, k: number): void {
  if (top.length === k && !before(match, top[k - 1] as Ranked)) return;
  let i = Math.min(top.length, k - 1);
  top[i] = match;
  while (i > 0 && before(match, top[i - 1] as Ranked)) {
    top[i] = top[i - 1] as Ranked;
    top[i - 1] = match;
    i--;
  }
}

/** The public form of a ranked list. */
function finish(top: readonly Ranked[]): SimilarityMatch[] {
  return top.map((ranked) => {
    const match: SimilarityMatch = {
      messageId: ranked.messageId,
      speakerId: ranked.speakerId,
      similarity: ranked.similarity,
    };
    if (ranked.semantic !== undefined) {
      match.lexical = ranked.lexical;
      match.semantic = ranked.semantic;
    }
    return match;
  });
}

/**
 * The `limit` positions of `touched` with the highest `shared` count (at most `tables`), ties
 * to the earliest position; the same set as a full sort, in linear time but for the one count
 * level the limit cuts through.
 */
function mostShared(
  touched: readonly number[],
  shared: Uint16Array,
  tables: number,
  limit: number,
): number[] {
  const perCount = new Uint32Array(tables + 1);
  for (const position of touched) {
    const count = shared[position] as number;
    perCount[count] = (perCount[count] as number) + 1;
  }
  let cut = tables;
  let above = 0;
  while (cut > 0 && above + (perCount[cut] as number) < limit) above += perCount[cut--] as number;
  const chosen: number[] = [];
  const atCut: number[] = [];
  for (const position of touched) {
    const count = shared[position] as number;
    if (count > cut) chosen.push(position);
    else if (count === cut) atCut.push(position);
  }
  const earliest = Int32Array.from(atCut).sort();
  for (let i = 0; chosen.length < limit && i < earliest.length; i++) {
    chosen.push(earliest[i] as number);
  }
  return chosen;
}

/** A stamp array that marks positions once per query without clearing. */
class Stamps {
  private marks = new Uint32Array(64);
  private epoch = 0;

  /** Starts a new query; every position is unmarked again. */
  next(capacity: number): void {
    if (capacity > this.marks.length) {
      const grown = new Uint32Array(Math.max(capacity, this.marks.length * 2));
      grown.set(this.marks);
      this.marks = grown;
    }
    if (this.epoch === 0xffffffff) {
      this.marks.fill(0);
      this.epoch = 0;
    }
    this.epoch++;
  }

  has(position: number): boolean {
    return this.marks[position] === this.epoch;
  }

  mark(position: number): void {
    this.marks[position] = this.epoch;
  }
}

/**
 * Estimated Jaccard similarity of two texts' normalised word shingles (MinHash), in [0, 1]; 0
 * when either text has no content words.
 */
export function textSimilarity(a: string, b: string, options: SimilarityOptions = {}): number {
  const signer = createSigner(options);
  const sa = signer.sign(a);
  const sb = signer.sign(b);
  return sa && sb ? signatureSimilarity(sa, sb) : 0;
}

/**
 * An empty similarity index (MinHash signatures with LSH banding, and SimHash tables over the
 * embedding vectors of contributions that carry one). Deterministic: the same texts and vectors
 * always give the same signatures, buckets and matches. Without vectors it compares words only.
 *
 * @example
 * const index = createSimilarityIndex();
 * index.add({ messageId: 'M1', speakerId: 'P1', text: 'Anchor the piers to bedrock.' });
 * index.nearest('Anchor every pier to the bedrock.', 1);
 * // with embeddings: index.add({ ..., vector }); index.withQueryVector(text, vector).nearest(text, 1)
 */
export function createSimilarityIndex(options: SimilarityOptions = {}): SimilarityIndex {
  const signer = createSigner(options);
  const { bands, numHashes } = signer.options;
  const rows = numHashes / bands;
  const semantic = resolveSemantic(options.semantic);
  const entries: Entry[] = [];
  /** Every signature, one after the other: lookups read them in bucket order, so keep them close. */
  let signatures = new Uint32Array(numHashes * 64);
  /** The low byte of every hash: a quarter of the memory to read for a first bound. */
  const printWords = fingerprintWords(numHashes);
  let fingerprints = new Uint32Array(printWords * 64);
  const byId = new Map<string, number>();
  const bandTables = Array.from({ length: bands }, () => new Map<number, number[]>());
  const centroid = new Map<string, number>();
  let centroidNormSq = 0;
  let hasher: SimHasher | null = null;
  const simTables = Array.from({ length: semantic.tables }, () => new Map<number, number[]>());
  /** Positions of the contributions that have a vector, in the order they got it. */
  const withVectors: number[] = [];
  const lexicalSeen = new Stamps();
  const semanticSeen = new Stamps();
  const shortlisted = new Stamps();
  let shared = new Uint16Array(64);
  /** Bumped by every change, so a cached lookup is never served for a changed index. */
  let version = 0;
  let lastLookup: {
    text: string;
    unit: Float32Array | null;
    version: number;
    k: number;
    matches: SimilarityMatch[];
  } | null = null;
  const analyses = new Map<string, TextAnalysis>();

  const analysisOf = (text: string): TextAnalysis => {
    let analysis = analyses.get(text);
    if (analysis) {
      analyses.delete(text);
    } else {
      analysis = {};
      if (analyses.size >= ANALYSIS_CACHE) analyses.delete(analyses.keys().next().value as string);
    }
    analyses.set(text, analysis);
    return analysis;
  };
  const signatureOf = (text: string): Uint32Array | null => {
    const analysis = analysisOf(text);
    if (analysis.signature === undefined) analysis.signature = signer.sign(text);
    return analysis.signature;
  };
  const termsOf = (text: string): Map<string, number> => {
    const analysis = analysisOf(text);
    analysis.terms ??= termVector(text);
    return analysis.terms;
  };

  const addToCentroid = (terms: Map<string, number>) => {
    for (const [w, v] of terms) {
      const old = centroid.get(w) ?? 0;
      centroid.set(w, old + v);
      centroidNormSq += (old + v) ** 2 - old ** 2;
    }
  };

  /** Unit vector for indexing or querying; the first vector fixes the dimension. */
  const unitFor = (vector: readonly number[], label: string): Float32Array | null => {
    const unit = unitVector(vector, label);
    if (!unit) return null;
    if (hasher && unit.length !== hasher.dimension) {
      throw new ArenaError(
        `The vector of ${label} has ${unit.length} dimensions; the index holds vectors of ${hasher.dimension}`,
        {
          code: SCORING_ERROR_CODES.INVALID_VECTOR,
          details: { of: label, expected: hasher.dimension, got: unit.length },
        },
      );
    }
    hasher ??= createSimHasher(unit.length, semantic);
    return unit;
  };

  const pushTo = (table: Map<number, number[]>, key: number, position: number) => {
    const bucket = table.get(key);
    if (bucket) bucket.push(position);
    else table.set(key, [position]);
  };

  const indexVector = (position: number, unit: Float32Array) => {
    withVectors.push(position);
    const codes = (hasher as SimHasher).codes(unit);
    for (let t = 0; t < codes.length; t++) {
      pushTo(simTables[t] as Map<number, number[]>, codes[t] as number, position);
    }
  };

  /**
   * Positions in the buckets of `signature`'s bands, each once, leaving out those already
   * `shortlisted`: every contribution sharing a band (and rarely one whose band only shares
   * the bucket key) while there are at most `LEXICAL_CANDIDATES`, then those sharing the
   * most buckets (ties: earliest).
   */
  const lexicalCandidates = (signature: Uint32Array): number[] => {
    lexicalSeen.next(entries.length);
    if (shared.length < entries.length) shared = new Uint16Array(entries.length * 2);
    const touched: number[] = [];
    for (let b = 0; b < bands; b++) {
      const from = b * rows;
      const bucket = (bandTables[b] as Map<number, number[]>).get(
        bandKey(signature, from, from + rows),
      );
      if (!bucket) continue;
      for (const position of bucket) {
        if (!lexicalSeen.has(position)) {
          lexicalSeen.mark(position);
          if (shortlisted.has(position)) continue;
          shared[position] = 0;
          touched.push(position);
        } else if (shortlisted.has(position)) continue;
        shared[position] = (shared[position] as number) + 1;
      }
    }
    if (touched.length <= LEXICAL_CANDIDATES) return touched;
    return mostShared(touched, shared, bands, LEXICAL_CANDIDATES);
  };

  /**
   * Every position with a vector while there are at most `maxCandidates`; then the
   * `maxCandidates` sharing the most SimHash tables with `unit` (ties: earliest).
   */
  const semanticCandidates = (unit: Float32Array): number[] => {
    if (withVectors.length <= semantic.maxCandidates) return withVectors;
    const codes = (hasher as SimHasher).codes(unit);
    semanticSeen.next(entries.length);
    if (shared.length < entries.length) shared = new Uint16Array(entries.length * 2);
    const touched: number[] = [];
    for (let t = 0; t < codes.length; t++) {
      const bucket = (simTables[t] as Map<number, number[]>).get(codes[t] as number);
      if (!bucket) continue;
      for (const position of bucket) {
        if (!semanticSeen.has(position)) {
          semanticSeen.mark(position);
          shared[position] = 0;
          touched.push(position);
        }
        shared[position] = (shared[position] as number) + 1;
      }
    }
    if (touched.length <= semantic.maxCandidates) return touched;
    return mostShared(touched, shared, semantic.tables, semantic.maxCandidates);
  };

  const rank = (text: string, k: number, unit: Float32Array | null): SimilarityMatch[] => {
    const signature = signatureOf(text);
    const top: Ranked[] = [];
    const offer = (position: number, lexical: number, meaning: number | undefined) => {
      const similarity = meaning === undefined ? lexical : Math.max(lexical, meaning);
      const last = top.length === k ? (top[k - 1] as Ranked) : undefined;
      if (last && !before({ similarity, position }, last)) return;
      const entry = entries[position] as Entry;
      const match: Ranked = {
        messageId: entry.messageId,
        speakerId: entry.speakerId,
        similarity,
        position,
      };
      if (meaning !== undefined) {
        match.lexical = lexical;
        match.semantic = meaning;
      }
      insertRanked(top, match, k);
    };
    const lexicalOf = (position: number) =>
      signature && (entries[position] as Entry).signed
        ? storedSimilarity(signature, signatures, position * numHashes)
        : 0;

    // Compared by meaning: the few vectors sharing the most SimHash tables, each in full.
    shortlisted.next(entries.length);
    if (unit && hasher) {
      for (const position of semanticCandidates(unit)) {
        shortlisted.mark(position);
        const entry = entries[position] as Entry;
        const meaning = entry.unit
          ? calibratedCosine(cosine(unit, entry.unit), semantic.cosineFloor)
          : undefined;
        offer(position, lexicalOf(position), meaning);
      }
    }
    if (!signature) return finish(top);

    // Compared by words: the contributions sharing the most bands (every one sharing a band, in
    // a short game). Equal fingerprints bound equal hashes from above, so candidates are taken
    // best bound first and the scan stops once no bound can reach the current top k; the
    // ranking is exactly that of a full scan of the candidates.
    const candidates = lexicalCandidates(signature);
    const query = fingerprintsOf(signature);
    const bounds = new Uint16Array(candidates.length);
    const perBound = new Uint32Array(numHashes + 2);
    for (let c = 0; c < candidates.length; c++) {
      const position = candidates[c] as number;
      const bound =
        1 + Math.min(numHashes, storedMatches(query, fingerprints, position * printWords));
      bounds[c] = bound;
      perBound[bound] = (perBound[bound] as number) + 1;
    }
    // Counting sort by bound, highest first.
    let next = 0;
    for (let b = numHashes + 1; b >= 1; b--) {
      const count = perBound[b] as number;
      perBound[b] = next;
      next += count;
    }
    const order = new Int32Array(next);
    for (let c = 0; c < candidates.length; c++) {
      const bound = bounds[c] as number;
      order[perBound[bound] as number] = c;
      perBound[bound] = (perBound[bound] as number) + 1;
    }
    for (let o = 0; o < order.length; o++) {
      const c = order[o] as number;
      const last = top.length === k ? (top[k - 1] as Ranked) : undefined;
      if (last && ((bounds[c] as number) - 1) / numHashes < last.similarity) break;
      const position = candidates[c] as number;
      const lexical = bandedSimilarity(signature, signatures, position * numHashes, rows);
      if (lexical >= 0) offer(position, lexical, undefined);
    }
    return finish(top);
  };

  const nearest = (text: string, k: number, unit: Float32Array | null): SimilarityMatch[] => {
    if (k <= 0) return [];
    const cached = lastLookup;
    if (
      cached &&
      cached.text === text &&
      cached.unit === unit &&
      cached.version === version &&
      cached.k >= k
    ) {
      return cached.matches.slice(0, k).map((m) => ({ ...m }));
    }
    if (!signatureOf(text) && !unit) return [];
    const depth = Math.max(k, DEFAULT_K);
    const matches = rank(text, depth, unit);
    lastLookup = { text, unit, version, k: depth, matches };
    return matches.slice(0, k).map((m) => ({ ...m }));
  };

  const index: SimilarityIndex = {
    add({ messageId, speakerId, text, vector }) {
      if (byId.has(messageId)) return;
      const unit = vector ? unitFor(vector, messageId) : null;
      const signature = signatureOf(text);
      const entry: Entry = {
        messageId,
        speakerId,
        signed: signature !== null,
        terms: termsOf(text),
        unit,
      };
      const position = entries.length;
      entries.push(entry);
      byId.set(messageId, position);
      version++;
      addToCentroid(entry.terms);
      if (signature) {
        if (signatures.length < (position + 1) * numHashes) {
          const grown = new Uint32Array(signatures.length * 2);
          grown.set(signatures);
          signatures = grown;
          const grownPrints = new Uint32Array(fingerprints.length * 2);
          grownPrints.set(fingerprints);
          fingerprints = grownPrints;
        }
        signatures.set(signature, position * numHashes);
        fingerprints.set(fingerprintsOf(signature), position * printWords);
        for (let b = 0; b < bands; b++) {
          const from = b * rows;
          const key = bandKey(signature, from, from + rows);
          pushTo(bandTables[b] as Map<number, number[]>, key, position);
        }
      }
      if (unit) indexVector(position, unit);
    },
    setVector(messageId, vector) {
      const position = byId.get(messageId);
      if (position === undefined) {
        throw new ArenaError(`No contribution ${messageId} in the similarity index`, {
          code: SCORING_ERROR_CODES.INVALID_VECTOR,
          details: { of: messageId },
        });
      }
      const entry = entries[position] as Entry;
      if (entry.unit) return;
      entry.unit = unitFor(vector, messageId);
      if (!entry.unit) return;
      version++;
      indexVector(position, entry.unit);
    },
    has: (messageId) => byId.has(messageId),
    nearest: (text, k = DEFAULT_K) => nearest(text, k, null),
    withQueryVector(text, vector) {
      const unit = unitFor(vector, 'the queried text');
      return {
        ...index,
        nearest: (query, k = DEFAULT_K) => nearest(query, k, query === text ? unit : null),
        get size() {
          return entries.length;
        },
      };
    },
    centroidDistance(text, { excludeMessageId } = {}) {
      const query = termsOf(text);
      if (query.size === 0) return 0;
      const at = excludeMessageId === undefined ? undefined : byId.get(excludeMessageId);
      const excluded = at === undefined ? undefined : (entries[at] as Entry).terms;
      let dot = 0;
      for (const [w, v] of query) {
        dot += v * ((centroid.get(w) ?? 0) - (excluded?.get(w) ?? 0));
      }
      let normSq = centroidNormSq;
      if (excluded && excluded.size > 0) {
        let cross = 0;
        for (const [w, v] of excluded) cross += v * (centroid.get(w) ?? 0);
        normSq += -2 * cross + 1;
      }
      if (normSq <= 1e-12) return 1;
      const cos = dot / Math.sqrt(normSq);
      return Math.min(1, Math.max(0, 1 - cos));
    },
    get size() {
      return entries.length;
    },
  };
  return index;
}

/**
 * Rebuild from the accepted contributions in the state's transcript (messages of kind
 * 'contribution'), with their embedding vectors where `vectors` (by message id) has one.
 */
export function indexFromState(
  state: GameState,
  options: SimilarityOptions = {},
  vectors?: ReadonlyMap<string, readonly number[]>,
): SimilarityIndex {
  const index = createSimilarityIndex(options);
  for (const m of state.messages) {
    if (m.kind === 'contribution' && m.speakerId !== null) {
      const vector = vectors?.get(m.id);
      index.add({
        messageId: m.id,
        speakerId: m.speakerId,
        text: m.text,
        ...(vector ? { vector } : {}),
      });
    }
  }
  return index;
}
