import { ArenaError } from '@arena/models';
import { PERSISTENCE_ERROR_CODES } from './errors';
import type { GameFilter, ListGamesOptions, LoadOptions } from './event-store';
import { RATING_POOLS } from './record-checks';
import type { ListRatingsOptions, RatingPool } from './records';

const STATUSES = ['running', 'ended'] as const;

function count(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ArenaError(`Option ${option} must be a non-negative integer, got ${String(value)}`, {
      code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
      category: 'user',
      details: { option, value: String(value) },
    });
  }
  return value;
}

/** Checked {@link LoadOptions} with defaults applied. */
export function checkLoadOptions(options: LoadOptions = {}): { fromSeq: number } {
  return { fromSeq: count('fromSeq', options.fromSeq, 0) };
}

function idOption(option: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value === '') {
    throw new ArenaError(`Option ${option} must be a non-empty id, got ${String(value)}`, {
      code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
      category: 'user',
      details: { option, value: String(value) },
    });
  }
  return value;
}

/** A checked {@link GameFilter}; null fields match every game. */
export interface CheckedGameFilter {
  status: 'running' | 'ended' | null;
  scenario: string | null;
  character: string | null;
}

/** Checked {@link ListGamesOptions} with defaults applied; `limit` null means no limit. */
export function checkListOptions(options: ListGamesOptions = {}): CheckedGameFilter & {
  limit: number | null;
  offset: number;
} {
  const limit = options.limit === undefined ? null : count('limit', options.limit, 0);
  return { ...checkGameFilter(options), limit, offset: count('offset', options.offset, 0) };
}

/** Checked {@link GameFilter}. */
export function checkGameFilter(options: GameFilter = {}): CheckedGameFilter {
  const status = options.status ?? null;
  if (status !== null && !STATUSES.includes(status)) {
    throw new ArenaError(
      `Option status must be one of ${STATUSES.join(', ')}, got ${String(status)}`,
      {
        code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
        category: 'user',
        details: { option: 'status', value: String(status), allowed: [...STATUSES] },
      },
    );
  }
  return {
    status,
    scenario: idOption('scenario', options.scenario),
    character: idOption('character', options.character),
  };
}

/** Checked paging options (`finishedGames`); `limit` null means no limit. */
export function checkPageOptions(options: { limit?: number; offset?: number } = {}): {
  limit: number | null;
  offset: number;
} {
  const limit = options.limit === undefined ? null : count('limit', options.limit, 0);
  return { limit, offset: count('offset', options.offset, 0) };
}

/** Checked {@link ListRatingsOptions}; `limit` null means no limit. */
export function checkRatingsOptions(options: ListRatingsOptions): {
  pool: RatingPool;
  limit: number | null;
} {
  const pool = (options as Partial<ListRatingsOptions> | undefined)?.pool;
  if (pool === undefined || !RATING_POOLS.includes(pool)) {
    throw new ArenaError(
      `Option pool must be one of ${RATING_POOLS.join(', ')}, got ${String(pool)}`,
      {
        code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
        category: 'user',
        details: { option: 'pool', value: String(pool), allowed: [...RATING_POOLS] },
      },
    );
  }
  const limit = options.limit === undefined ? null : count('limit', options.limit, 0);
  return { pool, limit };
}
