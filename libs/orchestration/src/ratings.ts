import { ArenaError } from '@arena/models';
import type { EventStore, FinishedGame, RatingPool } from '@arena/persistence';
import { RATING_POOLS, rebuildRatings, type RatingOptions } from '@arena/scoring';
import { ORCHESTRATION_ERROR_CODES } from './errors';

/** What `rebuildStoredRatings` did. */
export interface StoredRatingsRebuild {
  /** Finished games read from the event log. */
  gamesRead: number;
  /** Games that moved at least one pool (aborted games and one-key pools do not). */
  gamesRated: number;
  /** Rated keys stored per pool. */
  keys: Record<RatingPool, number>;
}

export interface RebuildRatingsOptions {
  /** OpenSkill parameters (the same as the store's updater uses). @default OpenSkill's */
  rating?: RatingOptions;
  /** Finished games read per page of the log, 1 or more. @default 2000 */
  pageSize?: number;
}

/**
 * Every finished game in the store, page by page, in the order ratings apply them. The next page
 * is requested before this one is handed out, so reading the log overlaps with rating it.
 */
async function* finishedGamesOf(
  store: Pick<EventStore, 'finishedGames'>,
  pageSize: number,
): AsyncGenerator<FinishedGame> {
  const read = (offset: number) => {
    const page = store.finishedGames({ limit: pageSize, offset });
    // Awaited below; handled here too so a rebuild that stops early leaves no stray rejection.
    void page.catch(() => undefined);
    return page;
  };
  let next = read(0);
  for (let offset = pageSize; ; offset += pageSize) {
    const page = await next;
    if (page.length === pageSize) next = read(offset);
    yield* page;
    if (page.length < pageSize) return;
  }
}

/**
 * Recomputes every rating from the event log: pages through the store's finished games, replays
 * them with the rating rules from no ratings, and replaces the stored ratings in one
 * transaction. The result equals what the store's in-transaction updater kept game by game.
 *
 * @example
 * const { gamesRated, keys } = await rebuildStoredRatings(services.store);
 */
export async function rebuildStoredRatings(
  store: Pick<EventStore, 'finishedGames' | 'replaceRatings'>,
  options: RebuildRatingsOptions = {},
): Promise<StoredRatingsRebuild> {
  const pageSize = options.pageSize ?? 2000;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new ArenaError(`Invalid pageSize ${pageSize}: must be a whole number of 1 or more`, {
      code: ORCHESTRATION_ERROR_CODES.INVALID_RATINGS_OPTIONS,
      category: 'user',
      details: { issues: [{ path: 'pageSize', message: 'must be a whole number of 1 or more' }] },
    });
  }
  let attempt = 1;
  for (;;) {
    const { rows, gamesRead, gamesRated } = await rebuildRatings(
      finishedGamesOf(store, pageSize),
      options.rating,
    );
    await store.replaceRatings(rows);
    // A game that ended after its page was read had its own update overwritten by the
    // replacement: read the log again until nothing ended meanwhile (each pass is idempotent).
    const endedMeanwhile = await store.finishedGames({ limit: 1, offset: gamesRead });
    if (endedMeanwhile.length === 0 || attempt >= MAX_REBUILD_PASSES) {
      return { gamesRead, gamesRated, keys: keysPerPool(rows) };
    }
    attempt += 1;
  }
}

/** Passes of a rebuild while games keep ending under it; the last pass stands. */
const MAX_REBUILD_PASSES = 5;

function keysPerPool(rows: readonly { pool: RatingPool }[]): Record<RatingPool, number> {
  return Object.fromEntries(
    RATING_POOLS.map((pool) => [pool, rows.filter((r) => r.pool === pool).length]),
  ) as Record<RatingPool, number>;
}
