/**
 * Keys of the Postgres advisory locks the store takes. Fixed numbers, so every process that
 * shares a database agrees on them.
 */
export const ADVISORY_LOCKS = {
  /** Held while migrations run, so two processes starting together never race. */
  migrations: 7_311_842_001,
  /** Held (per transaction) while ratings are read and written. */
  ratings: 7_311_842_002,
} as const;
