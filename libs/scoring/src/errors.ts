/** Stable codes of the errors `@arena/scoring` throws; check errors by code, never by class. */
export const SCORING_ERROR_CODES = {
  /** Similarity index options that cannot work together (e.g. hashes not divisible by bands). */
  INVALID_SIMILARITY_OPTIONS: 'SCORING_INVALID_SIMILARITY_OPTIONS',
  /** An embedding vector that cannot be indexed: empty, non-finite, or of another dimension. */
  INVALID_VECTOR: 'SCORING_INVALID_VECTOR',
  /** A speaker was requested from a game with no active player. */
  NO_ACTIVE_PLAYERS: 'SCORING_NO_ACTIVE_PLAYERS',
} as const;
