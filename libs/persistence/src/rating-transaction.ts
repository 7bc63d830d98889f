import { and, asc, eq, or, sql } from 'drizzle-orm';
import { ADVISORY_LOCKS } from './advisory-locks';
import { placementsOf, type GameEnd } from './batch-records';
import type { EventStoreDatabase } from './event-store-database';
import { checkRatingRows, ratingKey, ratingKeysOf } from './record-checks';
import type { FinishedGame, RatingRow, RatingUpdater } from './records';
import { participants, ratings } from './schema';

/** A {@link RatingUpdater}, or one that answers later (from another thread). */
export type StoreRatingUpdater = (
  ...args: Parameters<RatingUpdater>
) => RatingRow[] | Promise<RatingRow[]>;

export const ratingColumns = {
  pool: ratings.pool,
  key: ratings.key,
  mu: ratings.mu,
  sigma: ratings.sigma,
  games: ratings.games,
  wins: ratings.wins,
  lastGameId: ratings.lastGameId,
  updatedAt: ratings.updatedAt,
};

/** Take the ratings lock until the transaction ends: rating updates never interleave. */
export async function lockRatings(tx: EventStoreDatabase): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.ratings})`);
}

/** Insert or replace rating rows (already checked). */
export async function upsertRatings(
  tx: EventStoreDatabase,
  rows: readonly RatingRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(ratings)
    .values([...rows])
    .onConflictDoUpdate({
      target: [ratings.pool, ratings.key],
      set: {
        mu: sql`excluded.mu`,
        sigma: sql`excluded.sigma`,
        games: sql`excluded.games`,
        wins: sql`excluded.wins`,
        lastGameId: sql`excluded.last_game_id`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/**
 * Inside the transaction that stored a game's `game_ended`: read the seats, lock and read
 * their current ratings, ask the updater for the new rows and store them.
 */
export async function rateFinishedGame(
  tx: EventStoreDatabase,
  gameId: string,
  end: GameEnd,
  updater: StoreRatingUpdater,
): Promise<void> {
  const seats = await tx
    .select({
      playerId: participants.playerId,
      seat: participants.seat,
      characterId: participants.characterId,
      name: participants.name,
      model: participants.model,
    })
    .from(participants)
    .where(eq(participants.gameId, gameId));
  const game: FinishedGame = {
    gameId,
    endReason: end.endReason,
    endedAt: end.endedAt,
    placements: placementsOf(seats, end.standings),
  };
  const keys = ratingKeysOf(game);
  await lockRatings(tx);
  const current =
    keys.length === 0
      ? []
      : await tx
          .select(ratingColumns)
          .from(ratings)
          .where(or(...keys.map((k) => and(eq(ratings.pool, k.pool), eq(ratings.key, k.key)))))
          .orderBy(asc(ratings.pool), asc(ratings.key))
          .for('update');
  const byKey = new Map(current.map((row) => [ratingKey(row), row]));
  const rows = checkRatingRows(await updater(game, byKey), 'rating rows from the updater');
  await upsertRatings(tx, rows);
}
