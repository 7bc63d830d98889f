import { ArenaError, createRng } from '@arena/models';
import { SCORING_ERROR_CODES } from './errors';

/** How contributions' embedding vectors are indexed and compared. */
export interface SemanticOptions {
  /**
   * Cosine similarity at or below which two texts count as unrelated in meaning. A cosine `c`
   * above it is reported as the semantic similarity `(c - floor) / (1 - floor)`, so that a
   * paraphrase (cosine ≈ 0.9 with common embedding models) lands near the lexical similarity of
   * a near-duplicate, and texts on the same topic (≈ 0.6) count as unrelated. @default 0.6
   */
  cosineFloor?: number;
  /** Random hyperplanes drawn once and shared by the tables. @default 64 */
  planes?: number;
  /** Hyperplanes (bits) per SimHash table; more bits, fewer and closer candidates. @default 12 */
  bits?: number;
  /** SimHash tables; a vector is a candidate when it shares a bucket in any one. @default 16 */
  tables?: number;
  /** Candidates compared by exact cosine per lookup: those sharing the most tables. @default 64 */
  maxCandidates?: number;
  /** Seed of the hyperplanes. @default 1 */
  seed?: number;
}

export type ResolvedSemanticOptions = Required<SemanticOptions>;

export const DEFAULT_SEMANTIC: ResolvedSemanticOptions = {
  cosineFloor: 0.6,
  planes: 64,
  bits: 12,
  tables: 16,
  maxCandidates: 64,
  seed: 1,
};

function invalid(message: string, details: Record<string, unknown>): ArenaError {
  return new ArenaError(message, {
    code: SCORING_ERROR_CODES.INVALID_SIMILARITY_OPTIONS,
    category: 'user',
    details,
  });
}

/** Checks semantic options; throws `SCORING_INVALID_SIMILARITY_OPTIONS` naming the field. */
export function resolveSemantic(options: SemanticOptions = {}): ResolvedSemanticOptions {
  const resolved = { ...DEFAULT_SEMANTIC, ...options };
  const { cosineFloor, planes, bits, tables, maxCandidates, seed } = resolved;
  if (!(cosineFloor >= -1 && cosineFloor < 1)) {
    throw invalid(
      `Invalid similarity option semantic.cosineFloor=${cosineFloor}: must be in [-1, 1)`,
      { field: 'semantic.cosineFloor', value: cosineFloor },
    );
  }
  const counts = { planes, bits, tables, maxCandidates } as const;
  for (const [field, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 1) {
      throw invalid(
        `Invalid similarity option semantic.${field}=${value}: must be a positive integer`,
        { field: `semantic.${field}`, value },
      );
    }
  }
  if (bits > 30 || bits > planes) {
    throw invalid(
      `Invalid similarity option semantic.bits=${bits}: must be at most 30 and at most semantic.planes (${planes})`,
      { field: 'semantic.bits', value: bits },
    );
  }
  if (!Number.isInteger(seed)) {
    throw invalid(`Invalid similarity option semantic.seed=${seed}: must be an integer`, {
      field: 'semantic.seed',
      value: seed,
    });
  }
  return resolved;
}

/**
 * A vector scaled to unit length, or null for the zero vector. Throws
 * `SCORING_INVALID_VECTOR` for an empty vector or one with a non-finite component.
 */
export function unitVector(vector: readonly number[], label: string): Float32Array | null {
  if (vector.length === 0) {
    throw new ArenaError(`The vector of ${label} is empty`, {
      code: SCORING_ERROR_CODES.INVALID_VECTOR,
      details: { of: label },
    });
  }
  let normSq = 0;
  for (let i = 0; i < vector.length; i++) {
    const x = vector[i] as number;
    if (!Number.isFinite(x)) {
      throw new ArenaError(`The vector of ${label} has a non-finite value at index ${i}`, {
        code: SCORING_ERROR_CODES.INVALID_VECTOR,
        details: { of: label, index: i },
      });
    }
    normSq += x * x;
  }
  if (normSq === 0) return null;
  const norm = Math.sqrt(normSq);
  return Float32Array.from(vector, (x) => x / norm);
}

/** Cosine similarity of two unit vectors of the same length, in [-1, 1]. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
  return Math.min(1, Math.max(-1, dot));
}

/** The documented map from cosine to a similarity in [0, 1] (see `cosineFloor`). */
export function calibratedCosine(value: number, floor: number): number {
  return Math.min(1, Math.max(0, (value - floor) / (1 - floor)));
}

/** Bucket codes of unit vectors of one dimension, one code per table. */
export interface SimHasher {
  readonly dimension: number;
  codes(unit: Float32Array): Int32Array;
}

/** Box–Muller: a standard normal draw from two uniform ones. */
function gaussian(next: () => number): number {
  const u = 1 - next();
  const v = next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Random-hyperplane LSH (SimHash): each table keeps the signs of `bits` of the shared
 * hyperplanes, so two vectors at angle θ share a table's bucket with probability
 * (1 - θ/π)^bits. Hyperplanes and their assignment to tables come from the seed alone.
 */
export function createSimHasher(dimension: number, options: ResolvedSemanticOptions): SimHasher {
  const rng = createRng(options.seed);
  const planes = new Float32Array(options.planes * dimension);
  for (let i = 0; i < planes.length; i++) planes[i] = gaussian(rng.next);
  const all = Array.from({ length: options.planes }, (_, i) => i);
  const tablePlanes = Array.from({ length: options.tables }, () =>
    Int32Array.from(rng.shuffle(all).slice(0, options.bits)),
  );
  const signs = new Uint8Array(options.planes);
  return {
    dimension,
    codes(unit) {
      for (let p = 0; p < options.planes; p++) {
        let dot = 0;
        const offset = p * dimension;
        for (let i = 0; i < dimension; i++)
          dot += (planes[offset + i] as number) * (unit[i] as number);
        signs[p] = dot >= 0 ? 1 : 0;
      }
      const out = new Int32Array(options.tables);
      for (let t = 0; t < options.tables; t++) {
        const chosen = tablePlanes[t] as Int32Array;
        let code = 0;
        for (let b = 0; b < chosen.length; b++) code |= (signs[chosen[b] as number] as number) << b;
        out[t] = code;
      }
      return out;
    },
  };
}
