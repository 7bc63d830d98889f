import { ArenaError } from '@arena/models';

/** Stable error codes raised by the model-call wrappers. */
export const WRAPPER_ERROR_CODES = {
  /** A replay was asked for from a cassette file that does not exist. */
  CASSETTE_NOT_FOUND: 'AGENTS_CASSETTE_NOT_FOUND',
  /** Something tried to record into a cassette opened for replay only. */
  CASSETTE_READ_ONLY: 'AGENTS_CASSETTE_READ_ONLY',
  /** Something tried to record into a cassette after closing it. */
  CASSETTE_CLOSED: 'AGENTS_CASSETTE_CLOSED',
} as const;

export function cassetteNotFound(path: string): ArenaError {
  return new ArenaError(
    `Cassette file ${path} does not exist: record it first (cassette mode "record" or "auto")`,
    { code: WRAPPER_ERROR_CODES.CASSETTE_NOT_FOUND, category: 'user', details: { path } },
  );
}

export function cassetteReadOnly(where: string): ArenaError {
  return new ArenaError(`Cassette ${where} is open for replay only and cannot record`, {
    code: WRAPPER_ERROR_CODES.CASSETTE_READ_ONLY,
    details: { where },
  });
}

export function cassetteClosed(path: string): ArenaError {
  return new ArenaError(`Cassette ${path} is closed and cannot record`, {
    code: WRAPPER_ERROR_CODES.CASSETTE_CLOSED,
    details: { path },
  });
}
