import type { GameEvent, PayloadOf } from '@arena/models';
import {
  gameEndOf,
  participantsOf,
  placementsOf,
  recordsOf,
  type BatchRecords,
  type ParticipantRow,
  type SeriesGameLink,
} from './batch-records';
import { storeClosed } from './errors';
import { batchAfter, checkBatch, eventConflict, sequenceGap, type EventBatch } from './event-batch';
import type { EventStore, EventStoreOptions, GameSummary } from './event-store';
import { projectBatch, summarize } from './game-projection';
import {
  byConservativeRating,
  checkRatingRows,
  checkSeriesRecord,
  ratingKey,
  ratingKeysOf,
} from './record-checks';
import type {
  ChampionMemoryVersion,
  ChampionSummary,
  FinishedGame,
  RatingRow,
  SeriesRecord,
} from './records';
import {
  checkGameFilter,
  checkListOptions,
  checkLoadOptions,
  checkPageOptions,
  checkRatingsOptions,
  type CheckedGameFilter,
} from './store-options';
import { fromRow, rowHoldsEvent, toRow, type StoredEventRow } from './stored-event';

interface StoredGame {
  rows: StoredEventRow[];
  summary: GameSummary | null;
  participants: ParticipantRow[];
}

const copy = <T>(value: T): T => structuredClone(value);

function page<T>(items: T[], limit: number | null, offset: number): T[] {
  return items.slice(offset, limit === null ? undefined : offset + limit);
}

/** A finished game as its stored `game_created` and `game_ended` rows describe it. */
function finishedGameOf(game: StoredGame): FinishedGame | null {
  const created = game.rows[0];
  const ended = game.rows.findLast((row) => row.type === 'game_ended');
  if (!created || !ended) return null;
  const end = gameEndOf(fromRow(ended) as Extract<GameEvent, { type: 'game_ended' }>);
  const seats = participantsOf(created.gameId, created.payload as PayloadOf<'game_created'>);
  return {
    gameId: created.gameId,
    endReason: end.endReason,
    endedAt: end.endedAt,
    placements: placementsOf(seats, end.standings),
  };
}

function byEndThenId(a: FinishedGame, b: FinishedGame): number {
  if (a.endedAt !== b.endedAt) return a.endedAt < b.endedAt ? -1 : 1;
  return a.gameId < b.gameId ? -1 : a.gameId > b.gameId ? 1 : 0;
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
export function createMemoryEventStore(options: EventStoreOptions = {}): EventStore {
  const games = new Map<string, StoredGame>();
  /** Event id → `gameId` and seq that hold it (ids are unique across games). */
  const ids = new Map<string, { gameId: string; seq: number }>();
  const ratings = new Map<string, RatingRow>();
  /** Memory versions per character, oldest first. */
  const champions = new Map<string, ChampionMemoryVersion[]>();
  const championNames = new Map<string, string>();
  const series = new Map<string, SeriesRecord>();
  const seriesLinks: SeriesGameLink[] = [];
  let closed = false;

  function ensureOpen(): void {
    if (closed) throw storeClosed();
  }

  /** The rating rows a batch's `game_ended` produces; [] without an updater or an end. */
  function ratedRows(records: BatchRecords, gameId: string, participants: ParticipantRow[]) {
    if (!options.ratings || !records.ended) return [];
    const game: FinishedGame = {
      gameId,
      endReason: records.ended.endReason,
      endedAt: records.ended.endedAt,
      placements: placementsOf(participants, records.ended.standings),
    };
    const current = new Map<string, RatingRow>();
    for (const key of ratingKeysOf(game)) {
      const row = ratings.get(ratingKey(key));
      if (row) current.set(ratingKey(key), copy(row));
    }
    return checkRatingRows(options.ratings(copy(game), current), 'rating rows from the updater');
  }

  function applyChampions(records: BatchRecords, participants: ParticipantRow[]): void {
    for (const change of records.champions) {
      const history = champions.get(change.characterId) ?? [];
      history.push({
        characterId: change.characterId,
        version: history.length + 1,
        gameId: change.gameId,
        seq: change.seq,
        outcome: change.outcome,
        lessons: change.lessons,
        memory: change.memory,
        games: change.games,
        wins: change.wins,
        model: change.model,
        ts: change.ts,
      });
      champions.set(change.characterId, history);
      const name =
        change.name ?? participants.find((p) => p.playerId === change.playerId)?.name ?? '';
      championNames.set(change.characterId, name);
    }
  }

  /** Store a checked batch that continues the log, with every projection it changes. */
  function store(game: StoredGame, fresh: EventBatch): void {
    const records = recordsOf(fresh);
    const participants = records.participants.length > 0 ? records.participants : game.participants;
    const rated = ratedRows(records, fresh.gameId, participants);
    for (const event of fresh.events) {
      game.rows.push(toRow(event));
      ids.set(event.id, { gameId: event.gameId, seq: event.seq });
    }
    const projection = projectBatch(fresh);
    const current = projection.created ?? game.summary;
    game.summary = current ? summarize(current, projection) : null;
    const placed = new Map(records.placements.map((p) => [p.playerId, p]));
    game.participants = participants.map((p) => {
      const placement = placed.get(p.playerId);
      return placement ? { ...p, place: placement.place, status: placement.status } : p;
    });
    applyChampions(records, game.participants);
    if (records.seriesGame) seriesLinks.push(records.seriesGame);
    for (const row of rated) ratings.set(ratingKey(row), row);
    games.set(fresh.gameId, game);
  }

  /** Summaries of the games a filter keeps, in no particular order. */
  function matching({ status, scenario, character }: CheckedGameFilter): GameSummary[] {
    return [...games.values()].flatMap((g) =>
      g.summary &&
      (status === null || g.summary.status === status) &&
      (scenario === null || g.summary.scenarioId === scenario) &&
      (character === null || g.participants.some((p) => p.characterId === character))
        ? [g.summary]
        : [],
    );
  }

  function summaryOf(gameId: string): GameSummary | null {
    return games.get(gameId)?.summary ?? null;
  }

  function championOf(characterId: string): ChampionSummary | null {
    const latest = champions.get(characterId)?.at(-1);
    if (!latest) return null;
    return {
      characterId,
      name: championNames.get(characterId) ?? '',
      version: latest.version,
      games: latest.games,
      wins: latest.wins,
      memory: latest.memory,
      lastGameId: latest.gameId,
      updatedAt: latest.ts,
    };
  }

  return {
    async append(events: readonly GameEvent[]): Promise<void> {
      ensureOpen();
      const batch = checkBatch(events);
      if (!batch) return;
      const game = games.get(batch.gameId) ?? { rows: [], summary: null, participants: [] };
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
      store(game, fresh);
    },

    async load(gameId, options) {
      ensureOpen();
      const { fromSeq } = checkLoadOptions(options);
      return (games.get(gameId)?.rows ?? []).slice(fromSeq).map(fromRow);
    },

    async listGames(options) {
      ensureOpen();
      const { limit, offset, ...filter } = checkListOptions(options);
      const summaries = matching(filter).sort(newestFirst);
      return summaries
        .slice(offset, limit === null ? undefined : offset + limit)
        .map((s) => ({ ...s }));
    },

    async countGames(filter) {
      ensureOpen();
      return matching(checkGameFilter(filter)).length;
    },

    async getGame(gameId) {
      ensureOpen();
      const summary = games.get(gameId)?.summary;
      return summary ? { ...summary } : null;
    },

    async placements(gameId) {
      ensureOpen();
      const participants = games.get(gameId)?.participants ?? [];
      const standings = participants.flatMap((p) =>
        p.place === null || p.status === null
          ? []
          : [{ playerId: p.playerId, place: p.place, status: p.status }],
      );
      return placementsOf(participants, standings);
    },

    async finishedGames(pageOptions) {
      ensureOpen();
      const { limit, offset } = checkPageOptions(pageOptions);
      const finished = [...games.values()]
        .filter((g) => g.summary?.status === 'ended')
        .flatMap((g) => finishedGameOf(g) ?? [])
        .sort(byEndThenId);
      return page(finished, limit, offset);
    },

    async listRatings(ratingsOptions) {
      ensureOpen();
      const { pool, limit } = checkRatingsOptions(ratingsOptions);
      const rows = [...ratings.values()].filter((r) => r.pool === pool).sort(byConservativeRating);
      return page(rows, limit, 0).map(copy);
    },

    async replaceRatings(rows) {
      ensureOpen();
      const checked = checkRatingRows(rows, 'rating rows');
      ratings.clear();
      for (const row of checked) ratings.set(ratingKey(row), row);
    },

    async listChampions() {
      ensureOpen();
      return [...champions.keys()]
        .flatMap((id) => championOf(id) ?? [])
        .sort(
          (a, b) =>
            b.wins - a.wins ||
            (a.updatedAt === b.updatedAt ? 0 : a.updatedAt < b.updatedAt ? 1 : -1) ||
            (a.characterId < b.characterId ? -1 : 1),
        );
    },

    async getChampion(characterId) {
      ensureOpen();
      return championOf(characterId);
    },

    async championHistory(characterId) {
      ensureOpen();
      return copy(champions.get(characterId) ?? []);
    },

    async saveSeries(record) {
      ensureOpen();
      const checked = checkSeriesRecord(record);
      series.set(checked.seriesId, checked);
    },

    async getSeries(seriesId) {
      ensureOpen();
      const record = series.get(seriesId);
      return record ? copy(record) : null;
    },

    async listSeries() {
      ensureOpen();
      return [...series.values()]
        .sort((a, b) =>
          a.createdAt !== b.createdAt
            ? a.createdAt < b.createdAt
              ? 1
              : -1
            : a.seriesId < b.seriesId
              ? -1
              : 1,
        )
        .map(copy);
    },

    async seriesGames(seriesId) {
      ensureOpen();
      return seriesLinks
        .filter((link) => link.seriesId === seriesId)
        .sort((a, b) => a.index - b.index || (a.gameId < b.gameId ? -1 : 1))
        .map((link) => {
          const summary = summaryOf(link.gameId);
          return {
            ...link,
            status: summary?.status ?? 'running',
            endReason: summary?.endReason ?? null,
            winnerId: summary?.winnerId ?? null,
          };
        });
    },

    async close() {
      closed = true;
    },
  };
}
