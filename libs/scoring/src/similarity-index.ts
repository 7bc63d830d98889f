import { ArenaError, type GameState } from '@arena/models';
import { contentWords } from './content-words';
import { SCORING_ERROR_CODES } from './errors';

/** A prior contribution close to a queried text. */
export interface SimilarityMatch {
  messageId: string;
  speakerId: string;
  /** Estimated Jaccard similarity of the two texts' shingle sets, in [0, 1]. */
  similarity: number;
}

/** Options of {@link createSimilarityIndex}. */
export interface SimilarityOptions {
  /** Hash functions per MinHash signature; more gives a finer estimate. @default 128 */
  numHashes?: number;
  /** Longest word n-gram used as a shingle; every n-gram from 1 to this size counts. @default 3 */
  shingleSize?: number;
  /** LSH bands the signature is cut into (must divide `numHashes`). @default 64 */
  bands?: number;
}

/**
 * Every accepted contribution of a game, ready for near-duplicate lookup. Lookups go through
 * LSH buckets, so the cost of a query follows the number of similar contributions, not the
 * length of the game.
 */
export interface SimilarityIndex {
  /** Add an accepted contribution. */
  add(entry: { messageId: string; speakerId: string; text: string }): void;
  /** Whether a contribution with this message id has been added. */
  has(messageId: string): boolean;
  /**
   * Top-k prior contributions by estimated Jaccard similarity of normalised word shingles, best
   * first (ties: earliest first). Contributions that share almost nothing (below about 0.1) may
   * be missed by the bucket lookup and count as not similar.
   * @param k how many matches at most. @default 5
   */
  nearest(text: string, k?: number): SimilarityMatch[];
  /**
   * Distance in [0,1] of `text` from the centroid (term-frequency) of everything added so far:
   * 1 - cosine similarity; 1 when nothing has been added, 0 for a text without content words.
   * @param options.excludeMessageId leave this contribution out of the centroid (to measure a
   *   contribution that is already in the index against the others).
   */
  centroidDistance(text: string, options?: { excludeMessageId?: string }): number;
  readonly size: number;
}

interface ResolvedOptions {
  numHashes: number;
  shingleSize: number;
  bands: number;
}

const DEFAULT_OPTIONS: ResolvedOptions = { numHashes: 128, shingleSize: 3, bands: 64 };

/** Murmur3's finaliser: a bijection on 32-bit integers with full avalanche. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a, then mixed, so short shingles spread over the whole range. */
function shingleHash(shingle: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < shingle.length; i++) {
    h ^= shingle.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

function resolveOptions(options: SimilarityOptions): ResolvedOptions {
  const resolved = { ...DEFAULT_OPTIONS, ...options };
  const { numHashes, shingleSize, bands } = resolved;
  const positive = (n: number) => Number.isInteger(n) && n >= 1;
  if (!positive(numHashes) || !positive(shingleSize) || !positive(bands) || numHashes % bands) {
    throw new ArenaError(
      `Invalid similarity options numHashes=${numHashes}, shingleSize=${shingleSize}, bands=${bands}: ` +
        'all must be positive integers and bands must divide numHashes (e.g. 128 hashes, 64 bands)',
      {
        code: SCORING_ERROR_CODES.INVALID_SIMILARITY_OPTIONS,
        category: 'user',
        details: { numHashes, shingleSize, bands },
      },
    );
  }
  return resolved;
}

/**
 * Word n-grams of sizes 1..maxSize. Mixing sizes keeps short texts comparable (they still have
 * shingles) and makes a paraphrase that swaps a few words still look close.
 */
function shingles(words: readonly string[], maxSize: number): Set<string> {
  const out = new Set<string>();
  for (let size = 1; size <= maxSize; size++) {
    for (let i = 0; i + size <= words.length; i++) out.add(words.slice(i, i + size).join(' '));
  }
  return out;
}

interface Signer {
  /** MinHash signature of a text, or null when it has no content words. */
  sign(text: string): Uint32Array | null;
  options: ResolvedOptions;
}

function createSigner(options: SimilarityOptions): Signer {
  const resolved = resolveOptions(options);
  const seeds = Array.from({ length: resolved.numHashes }, (_, i) =>
    mix32(Math.imul(i + 1, 0x9e3779b9)),
  );
  return {
    options: resolved,
    sign(text) {
      const set = shingles(contentWords(text), resolved.shingleSize);
      if (set.size === 0) return null;
      const signature = new Uint32Array(resolved.numHashes).fill(0xffffffff);
      for (const shingle of set) {
        const base = shingleHash(shingle);
        for (let i = 0; i < seeds.length; i++) {
          const h = mix32(base ^ (seeds[i] as number));
          if (h < (signature[i] as number)) signature[i] = h;
        }
      }
      return signature;
    },
  };
}

function signatureSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

function bandKeys(signature: Uint32Array, bands: number): string[] {
  const rows = signature.length / bands;
  const keys: string[] = [];
  for (let b = 0; b < bands; b++) {
    keys.push(`${b}:${signature.subarray(b * rows, (b + 1) * rows).join(',')}`);
  }
  return keys;
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
  signature: Uint32Array | null;
  vector: Map<string, number>;
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
 * An empty similarity index (MinHash signatures with LSH banding). Deterministic: the same
 * texts always give the same signatures and matches.
 *
 * @example
 * const index = createSimilarityIndex();
 * index.add({ messageId: 'M1', speakerId: 'P1', text: 'Anchor the piers to bedrock.' });
 * index.nearest('Anchor every pier to the bedrock.', 1);
 */
export function createSimilarityIndex(options: SimilarityOptions = {}): SimilarityIndex {
  const signer = createSigner(options);
  const { bands } = signer.options;
  const entries: Entry[] = [];
  const byId = new Map<string, Entry>();
  const buckets = new Map<string, number[]>();
  const centroid = new Map<string, number>();
  let centroidNormSq = 0;

  const addToCentroid = (vector: Map<string, number>) => {
    for (const [w, v] of vector) {
      const old = centroid.get(w) ?? 0;
      centroid.set(w, old + v);
      centroidNormSq += (old + v) ** 2 - old ** 2;
    }
  };

  return {
    add({ messageId, speakerId, text }) {
      if (byId.has(messageId)) return;
      const entry: Entry = {
        messageId,
        speakerId,
        signature: signer.sign(text),
        vector: termVector(text),
      };
      const position = entries.length;
      entries.push(entry);
      byId.set(messageId, entry);
      addToCentroid(entry.vector);
      if (!entry.signature) return;
      for (const key of bandKeys(entry.signature, bands)) {
        const bucket = buckets.get(key);
        if (bucket) bucket.push(position);
        else buckets.set(key, [position]);
      }
    },
    has: (messageId) => byId.has(messageId),
    nearest(text, k = 5) {
      const signature = signer.sign(text);
      if (!signature || k <= 0) return [];
      const candidates = new Set<number>();
      for (const key of bandKeys(signature, bands)) {
        for (const position of buckets.get(key) ?? []) candidates.add(position);
      }
      const matches: Array<SimilarityMatch & { position: number }> = [];
      for (const position of candidates) {
        const entry = entries[position] as Entry;
        const similarity = signatureSimilarity(signature, entry.signature as Uint32Array);
        matches.push({
          messageId: entry.messageId,
          speakerId: entry.speakerId,
          similarity,
          position,
        });
      }
      matches.sort((a, b) => b.similarity - a.similarity || a.position - b.position);
      return matches.slice(0, k).map(({ messageId, speakerId, similarity }) => ({
        messageId,
        speakerId,
        similarity,
      }));
    },
    centroidDistance(text, { excludeMessageId } = {}) {
      const query = termVector(text);
      if (query.size === 0) return 0;
      const excluded = excludeMessageId === undefined ? undefined : byId.get(excludeMessageId);
      let dot = 0;
      for (const [w, v] of query) {
        dot += v * ((centroid.get(w) ?? 0) - (excluded?.vector.get(w) ?? 0));
      }
      let normSq = centroidNormSq;
      if (excluded && excluded.vector.size > 0) {
        let cross = 0;
        for (const [w, v] of excluded.vector) cross += v * (centroid.get(w) ?? 0);
        normSq += -2 * cross + 1;
      }
      if (normSq <= 1e-12) return 1;
      const cosine = dot / Math.sqrt(normSq);
      return Math.min(1, Math.max(0, 1 - cosine));
    },
    get size() {
      return entries.length;
    },
  };
}

/** Rebuild from the accepted contributions in the state's transcript (messages of kind 'contribution'). */
export function indexFromState(state: GameState, options: SimilarityOptions = {}): SimilarityIndex {
  const index = createSimilarityIndex(options);
  for (const m of state.messages) {
    if (m.kind === 'contribution' && m.speakerId !== null) {
      index.add({ messageId: m.id, speakerId: m.speakerId, text: m.text });
    }
  }
  return index;
}
