/** Stable codes of the errors `@arena/scoring` throws; check errors by code, never by class. */
export const SCORING_ERROR_CODES = {
  /** Similarity index options that cannot work together (e.g. hashes not divisible by bands). */
  INVALID_SIMILARITY_OPTIONS: 'SCORING_INVALID_SIMILARITY_OPTIONS',
  /** An embedding vector that cannot be indexed: empty, non-finite, or of another dimension. */
  INVALID_VECTOR: 'SCORING_INVALID_VECTOR',
  /** Rating options out of range (a σ or β of 0 or less, a negative τ, a non-finite μ). */
  INVALID_RATING_OPTIONS: 'SCORING_INVALID_RATING_OPTIONS',
  /** A speaker was requested from a game with no active player. */
  NO_ACTIVE_PLAYERS: 'SCORING_NO_ACTIVE_PLAYERS',
} as const;
