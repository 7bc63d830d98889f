import type { GameEvent } from '@arena/models';
import { and, asc, eq, gte, inArray, lte, max } from 'drizzle-orm';
import { createAppendWriter } from './append-statement';
import { guarded, storeClosed } from './errors';
import { batchAfter, checkBatch, eventConflict, sequenceGap, type EventBatch } from './event-batch';
import type { EventStore } from './event-store';
import type { EventStoreDatabase } from './event-store-database';
import { createGameQueue } from './game-queue';
import type { StoreRatingUpdater } from './rating-transaction';
import { createRecordQueries } from './record-queries';
import { events } from './schema';
import { checkLoadOptions } from './store-options';
import { fromRow, rowHoldsEvent, type StoredEventRow } from './stored-event';

export interface DrizzleEventStoreOptions {
  /** Releases the client; called once by `close()` after pending appends settle. @default none */
  onClose?: () => Promise<void>;
  /** Moves ratings in the transaction that stores a `game_ended`. @default none */
  ratings?: StoreRatingUpdater;
}

const rowColumns = {
  gameId: events.gameId,
  seq: events.seq,
  id: events.id,
  type: events.type,
  schemaVersion: events.schemaVersion,
  payload: events.payload,
  causationId: events.causationId,
  ts: events.ts,
};

/** Attempts at an append that keeps meeting rows another writer stored meanwhile. */
const MAX_ATTEMPTS = 3;

/** True when `error` (or one of its causes) is a Postgres unique violation. */
function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Event store over a drizzle Postgres database. Knows nothing of the client: the caller creates
 * it, applies the migrations and releases it through `onClose`.
 */
export function createDrizzleEventStore(
  db: EventStoreDatabase,
  options: DrizzleEventStoreOptions = {},
): EventStore {
  // Last stored seq per game, to skip a read per append; a unique violation means another writer
  // got there first, and the cache is dropped and the append re-checked against the table.
  const lastSeqs = new Map<string, number>();
  const queue = createGameQueue();
  const writer = createAppendWriter(db, options.ratings);
  const records = createRecordQueries(db);
  let closed = false;

  async function storedLastSeq(gameId: string): Promise<number> {
    const [row] = await db
      .select({ last: max(events.seq) })
      .from(events)
      .where(eq(events.gameId, gameId));
    return row?.last ?? -1;
  }

  async function checkOverlap(batch: EventBatch, storedLast: number): Promise<void> {
    if (batch.firstSeq > storedLast) return;
    const rows = await db
      .select(rowColumns)
      .from(events)
      .where(
        and(
          eq(events.gameId, batch.gameId),
          gte(events.seq, batch.firstSeq),
          lte(events.seq, Math.min(storedLast, batch.lastSeq)),
        ),
      );
    const bySeq = new Map(rows.map((row) => [row.seq, row]));
    for (const event of batch.events) {
      if (event.seq > storedLast) break;
      const row = bySeq.get(event.seq);
      if (!row || !rowHoldsEvent(row, event)) {
        throw eventConflict(
          event,
          `seq ${event.seq} already holds a different ${row?.type ?? 'event'}`,
        );
      }
    }
  }

  /** The conflict to report when the batch's ids are held by other events. */
  async function idConflict(batch: EventBatch): Promise<Error | null> {
    const holders = await db
      .select({ gameId: events.gameId, seq: events.seq, id: events.id })
      .from(events)
      .where(
        inArray(
          events.id,
          batch.events.map((e) => e.id),
        ),
      );
    for (const event of batch.events) {
      const holder = holders.find((h) => h.id === event.id);
      if (holder && (holder.gameId !== event.gameId || holder.seq !== event.seq)) {
        return eventConflict(
          event,
          `id ${event.id} is already used by game ${holder.gameId} seq ${holder.seq}`,
        );
      }
    }
    return null;
  }

  async function write(batch: EventBatch): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      // A batch that starts a game is expected to meet an empty log: try it without a read.
      const expected = batch.firstSeq === 0 ? -1 : undefined;
      const cached = attempt === 1 ? (lastSeqs.get(batch.gameId) ?? expected) : undefined;
      let storedLast = cached ?? (await storedLastSeq(batch.gameId));
      if (batch.firstSeq > storedLast + 1 && cached !== undefined) {
        storedLast = await storedLastSeq(batch.gameId);
      }
      if (batch.firstSeq > storedLast + 1) {
        throw sequenceGap(batch.gameId, storedLast + 1, batch.firstSeq);
      }
      await checkOverlap(batch, storedLast);
      const fresh = batchAfter(batch, storedLast);
      try {
        if (fresh) await writer.write(fresh);
        lastSeqs.set(batch.gameId, Math.max(storedLast, batch.lastSeq));
        return;
      } catch (error) {
        lastSeqs.delete(batch.gameId);
        if (!fresh || !isUniqueViolation(error)) throw error;
        const conflict = await idConflict(fresh);
        if (conflict) throw conflict;
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  function ensureOpen(): void {
    if (closed) throw storeClosed();
  }

  /** A query that refuses to run once the store is closed. */
  function whenOpen<A extends unknown[], R>(query: (...args: A) => Promise<R>) {
    return async (...args: A): Promise<R> => {
      ensureOpen();
      return query(...args);
    };
  }

  return {
    async append(batchEvents: readonly GameEvent[]): Promise<void> {
      ensureOpen();
      const batch = checkBatch(batchEvents);
      if (!batch) return;
      await queue.run(batch.gameId, () => guarded('append', () => write(batch)));
    },

    async load(gameId, loadOptions) {
      ensureOpen();
      const { fromSeq } = checkLoadOptions(loadOptions);
      const rows: StoredEventRow[] = await guarded('load', () =>
        db
          .select(rowColumns)
          .from(events)
          .where(and(eq(events.gameId, gameId), gte(events.seq, fromSeq)))
          .orderBy(asc(events.seq)),
      );
      return rows.map(fromRow);
    },

    listGames: whenOpen(records.listGames),
    countGames: whenOpen(records.countGames),
    getGame: whenOpen(records.getGame),
    placements: whenOpen(records.placements),
    finishedGames: whenOpen(records.finishedGames),
    listRatings: whenOpen(records.listRatings),
    replaceRatings: whenOpen(records.replaceRatings),
    listChampions: whenOpen(records.listChampions),
    getChampion: whenOpen(records.getChampion),
    championHistory: whenOpen(records.championHistory),
    saveSeries: whenOpen(records.saveSeries),
    getSeries: whenOpen(records.getSeries),
    listSeries: whenOpen(records.listSeries),
    seriesGames: whenOpen(records.seriesGames),

    async close() {
      if (closed) return;
      closed = true;
      await queue.idle();
      await guarded('close', async () => options.onClose?.());
    },
  };
}
