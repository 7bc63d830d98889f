import type { GameEvent } from '@arena/models';
import { storeClosed } from './errors';
import { batchAfter, checkBatch, eventConflict, sequenceGap } from './event-batch';
import type { EventStore, GameSummary } from './event-store';
import { projectBatch, summarize } from './game-projection';
import { checkListOptions, checkLoadOptions } from './store-options';
import { fromRow, rowHoldsEvent, toRow, type StoredEventRow } from './stored-event';

interface StoredGame {
  rows: StoredEventRow[];
  summary: GameSummary | null;
}

function newestFirst(a: GameSummary, b: GameSummary): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.gameId < b.gameId ? -1 : a.gameId > b.gameId ? 1 : 0;
}

/**
 * In-process event store with the same contract as the PGlite store: events are kept in their
 * stored form (as jsonb would return them), so tests of other libraries see the same behaviour.
 *
 * @example
 * const store = createMemoryEventStore();
 * await store.append(events);
 */
export function createMemoryEventStore(): EventStore {
  const games = new Map<string, StoredGame>();
  /** Event id → `gameId` and seq that hold it (ids are unique across games). */
  const ids = new Map<string, { gameId: string; seq: number }>();
  let closed = false;

  function ensureOpen(): void {
    if (closed) throw storeClosed();
  }

  return {
    async append(events: readonly GameEvent[]): Promise<void> {
      ensureOpen();
      const batch = checkBatch(events);
      if (!batch) return;
      const game = games.get(batch.gameId) ?? { rows: [], summary: null };
      const storedLastSeq = game.rows.length - 1;
      if (batch.firstSeq > storedLastSeq + 1) {
        throw sequenceGap(batch.gameId, storedLastSeq + 1, batch.firstSeq);
      }
      for (const event of batch.events) {
        const row = game.rows[event.seq];
        if (row && !rowHoldsEvent(row, event)) {
          throw eventConflict(event, `seq ${event.seq} already holds a different ${row.type}`);
        }
      }
      const fresh = batchAfter(batch, storedLastSeq);
      if (!fresh) return;
      const batchIds = new Map<string, { gameId: string; seq: number }>();
      for (const event of fresh.events) {
        const holder = ids.get(event.id) ?? batchIds.get(event.id);
        batchIds.set(event.id, { gameId: event.gameId, seq: event.seq });
        if (holder) {
          throw eventConflict(
            event,
            `id ${event.id} is already used by game ${holder.gameId} seq ${holder.seq}`,
          );
        }
      }
      for (const event of fresh.events) {
        game.rows.push(toRow(event));
        ids.set(event.id, { gameId: event.gameId, seq: event.seq });
      }
      const projection = projectBatch(fresh);
      const current = projection.created ?? game.summary;
      game.summary = current ? summarize(current, projection) : null;
      games.set(batch.gameId, game);
    },

    async load(gameId, options) {
      ensureOpen();
      const { fromSeq } = checkLoadOptions(options);
      return (games.get(gameId)?.rows ?? []).slice(fromSeq).map(fromRow);
    },

    async listGames(options) {
      ensureOpen();
      const { status, limit, offset } = checkListOptions(options);
      const summaries = [...games.values()]
        .flatMap((g) => (g.summary ? [g.summary] : []))
        .filter((s) => status === null || s.status === status)
        .sort(newestFirst);
      return summaries
        .slice(offset, limit === null ? undefined : offset + limit)
        .map((s) => ({ ...s }));
    },

    async getGame(gameId) {
      ensureOpen();
      const summary = games.get(gameId)?.summary;
      return summary ? { ...summary } : null;
    },

    async close() {
      closed = true;
    },
  };
}
