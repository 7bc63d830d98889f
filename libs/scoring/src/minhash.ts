import { ArenaError } from '@arena/models';
import { contentWords } from './content-words';
import { SCORING_ERROR_CODES } from './errors';

/** MinHash parameters, all resolved. */
export interface MinHashOptions {
  numHashes: number;
  shingleSize: number;
  bands: number;
}

export const DEFAULT_MINHASH: MinHashOptions = { numHashes: 128, shingleSize: 3, bands: 64 };

/** Murmur3's finaliser: a bijection on 32-bit integers with full avalanche. */
export function mix32(value: number): number {
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

/** Checks MinHash options; throws `SCORING_INVALID_SIMILARITY_OPTIONS` naming what is wrong. */
export function resolveMinHash(options: Partial<MinHashOptions>): MinHashOptions {
  const numHashes = options.numHashes ?? DEFAULT_MINHASH.numHashes;
  const shingleSize = options.shingleSize ?? DEFAULT_MINHASH.shingleSize;
  const bands = options.bands ?? DEFAULT_MINHASH.bands;
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
  return { numHashes, shingleSize, bands };
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

/** Computes MinHash signatures with fixed, seedless hash functions. */
export interface Signer {
  /** MinHash signature of a text, or null when it has no content words. */
  sign(text: string): Uint32Array | null;
  readonly options: MinHashOptions;
}

export function createSigner(options: Partial<MinHashOptions>): Signer {
  const resolved = resolveMinHash(options);
  const seeds = Uint32Array.from({ length: resolved.numHashes }, (_, i) =>
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

/** Share of equal positions: the MinHash estimate of the two shingle sets' Jaccard similarity. */
export function signatureSimilarity(a: Uint32Array, b: Uint32Array): number {
  return storedSimilarity(a, b, 0);
}

/** {@link signatureSimilarity} against a signature stored in `store` from `offset` on. */
export function storedSimilarity(query: Uint32Array, store: Uint32Array, offset: number): number {
  let same = 0;
  for (let i = 0; i < query.length; i++) if (query[i] === store[offset + i]) same++;
  return same / query.length;
}

/**
 * {@link storedSimilarity}, or -1 when the two signatures share no LSH band of `rows` rows (a
 * bucket key can be shared by different bands, so bucket mates are checked here).
 */
export function bandedSimilarity(
  query: Uint32Array,
  store: Uint32Array,
  offset: number,
  rows: number,
): number {
  let same = 0;
  let banded = false;
  for (let from = 0; from < query.length; from += rows) {
    let whole = true;
    for (let i = from; i < from + rows; i++) {
      if (query[i] === store[offset + i]) same++;
      else whole = false;
    }
    if (whole) banded = true;
  }
  return banded ? same / query.length : -1;
}

/**
 * Positions at which two fingerprint runs agree: `query` and the run of `store` from word
 * `offset` on. Fingerprints are bytes packed four to a word, compared a word at a time.
 */
export function storedMatches(query: Uint32Array, store: Uint32Array, offset: number): number {
  let same = 0;
  for (let i = 0; i < query.length; i++) {
    const x = (query[i] as number) ^ (store[offset + i] as number);
    // High bit of each byte set exactly where that byte of x is zero.
    const zero = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
    same += Math.imul((zero >>> 7) & 0x01010101, 0x01010101) >>> 24;
  }
  return same;
}

/**
 * The low byte of each hash, packed four to a 32-bit word. Equal hashes have equal
 * fingerprints, so the number of equal fingerprints bounds the number of equal hashes from above
 * (the zero bytes that pad a signature to a whole word always agree, which only loosens it).
 */
export function fingerprintsOf(signature: Uint32Array): Uint32Array {
  const words = new Uint32Array(fingerprintWords(signature.length));
  for (let i = 0; i < signature.length; i++) {
    words[i >>> 2] =
      (words[i >>> 2] as number) | (((signature[i] as number) & 0xff) << ((i & 3) * 8));
  }
  return words;
}

/** Words of packed fingerprints for a signature of `numHashes` hashes. */
export function fingerprintWords(numHashes: number): number {
  return Math.ceil(numHashes / 4);
}

/**
 * A 30-bit key for one LSH band (rows `[from, to)`): equal bands always get equal keys, and the
 * key stays a small integer, which keeps bucket maps fast. Different bands may share a key.
 */
export function bandKey(signature: Uint32Array, from: number, to: number): number {
  let h = from;
  for (let i = from; i < to; i++) h = mix32(h ^ (signature[i] as number)) + i;
  return h >>> 2;
}
