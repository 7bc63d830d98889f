import type { EndReason } from '@arena/models';
import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  isNotNull,
  sql,
  type AnyColumn,
  type SQL,
} from 'drizzle-orm';
import { placementsOf, type PlacementChange } from './batch-records';
import { guarded } from './errors';
import type { EventStore, GameSummary } from './event-store';
import { resultRows, type EventStoreDatabase } from './event-store-database';
import { checkRatingRows, checkSeriesRecord } from './record-checks';
import { lockRatings, ratingColumns, upsertRatings } from './rating-transaction';
import type { ChampionSummary, FinishedGame, SeriesGameRow } from './records';
import {
  champions,
  championMemory,
  games,
  participants,
  ratings,
  series,
  seriesGames,
} from './schema';
import {
  checkGameFilter,
  checkListOptions,
  checkPageOptions,
  checkRatingsOptions,
  type CheckedGameFilter,
} from './store-options';

/** The store's queries other than appends and loads: summaries and every record beside the log. */
export type RecordQueries = Pick<
  EventStore,
  | 'listGames'
  | 'countGames'
  | 'getGame'
  | 'placements'
  | 'finishedGames'
  | 'listRatings'
  | 'replaceRatings'
  | 'listChampions'
  | 'getChampion'
  | 'championHistory'
  | 'saveSeries'
  | 'getSeries'
  | 'listSeries'
  | 'seriesGames'
>;

/** Byte order, as the in-memory store compares ids and timestamps, whatever the collation. */
const byBytes = (column: AnyColumn | SQL) => sql`${column} collate "C"`;

const summaryColumns = {
  gameId: games.gameId,
  scenarioId: games.scenarioId,
  title: games.title,
  status: games.status,
  endReason: games.endReason,
  winnerId: games.winnerId,
  players: games.players,
  turns: games.turns,
  lastSeq: games.lastSeq,
  createdAt: games.createdAt,
  updatedAt: games.updatedAt,
};

const seatColumns = {
  playerId: participants.playerId,
  seat: participants.seat,
  characterId: participants.characterId,
  name: participants.name,
  model: participants.model,
};

const championColumns = {
  characterId: champions.characterId,
  name: champions.name,
  version: champions.version,
  games: champions.games,
  wins: champions.wins,
  memory: champions.memory,
  lastGameId: champions.lastGameId,
  updatedAt: champions.updatedAt,
};

const seriesColumns = {
  seriesId: series.seriesId,
  format: series.format,
  status: series.status,
  config: series.config,
  standings: series.standings,
  createdAt: series.createdAt,
  updatedAt: series.updatedAt,
};

type SeatTuple = [playerId: string, seat: number, characterId: string, name: string, model: string];
type StandingTuple = [playerId: string, place: number, status: PlacementChange['status']];

type FinishedTuple = [
  gameId: string,
  endedAt: string,
  endReason: EndReason,
  standings: StandingTuple[] | null,
  seats: SeatTuple[] | null,
];

/**
 * Finished games straight from the log. The page of `game_ended` rows is chosen on narrow rows
 * (ids and timestamps, no payloads); only the fields ratings need are then extracted from each
 * `game_ended` and its `game_created`, and the whole page comes back as one JSON text, which
 * costs far less to decode than a row per game.
 */
async function readFinishedGames(
  db: EventStoreDatabase,
  limit: number | null,
  offset: number,
): Promise<FinishedGame[]> {
  const result = await db.execute(sql`
    with page as (
      select game_id, seq, ts from events where type = 'game_ended'
      order by ts collate "C", game_id collate "C"
      ${limit === null ? sql`` : sql`limit ${limit}`} offset ${offset})
    select coalesce(json_agg(json_build_array(
        p.game_id, p.ts, e.payload->>'reason',
        (select json_agg(json_build_array(s->'playerId', s->'place', s->'status'))
          from jsonb_array_elements(e.payload->'standings') s),
        (select json_agg(json_build_array(
            s->'playerId', s->'seat', s->'profile'->'id', s->'profile'->'name', s->'model'))
          from jsonb_array_elements(c.payload->'spec'->'seats') s))
      order by p.ts collate "C", p.game_id collate "C"), '[]')::text as page
    from page p
    join events e on e.game_id = p.game_id and e.seq = p.seq
    join events c on c.game_id = p.game_id and c.seq = 0`);
  const [row] = resultRows<{ page: string }>(result);
  const games = JSON.parse(row?.page ?? '[]') as FinishedTuple[];
  return games.map(([gameId, endedAt, endReason, standings, seats]) => ({
    gameId,
    endReason,
    endedAt,
    placements: placementsOf(
      (seats ?? []).map(([playerId, seat, characterId, name, model]) => ({
        playerId,
        seat,
        characterId,
        name,
        model,
      })),
      (standings ?? []).map(([playerId, place, status]) => ({ playerId, place, status })),
    ),
  }));
}

/** {@link RecordQueries} over a migrated drizzle database; driver failures are reported as such. */
export function createRecordQueries(db: EventStoreDatabase): RecordQueries {
  /** The games a filter keeps; undefined keeps all. */
  const gamesWhere = ({ status, scenario, character }: CheckedGameFilter): SQL | undefined =>
    and(
      status === null ? undefined : eq(games.status, status),
      scenario === null ? undefined : eq(games.scenarioId, scenario),
      character === null
        ? undefined
        : exists(
            db
              .select({ one: sql`1` })
              .from(participants)
              .where(
                and(eq(participants.gameId, games.gameId), eq(participants.characterId, character)),
              ),
          ),
    );

  const champion = (where: SQL | undefined) =>
    db
      .select(championColumns)
      .from(champions)
      .where(where)
      .orderBy(
        desc(champions.wins),
        desc(byBytes(champions.updatedAt)),
        asc(byBytes(champions.characterId)),
      );

  return {
    async listGames(options) {
      const { limit, offset, ...filter } = checkListOptions(options);
      const query = db
        .select(summaryColumns)
        .from(games)
        .where(gamesWhere(filter))
        .orderBy(desc(games.createdAt), asc(games.gameId))
        .offset(offset)
        .$dynamic();
      return guarded('list games', async (): Promise<GameSummary[]> =>
        limit === null ? query : query.limit(limit),
      );
    },

    async countGames(filter) {
      const where = gamesWhere(checkGameFilter(filter));
      const [row] = await guarded('count games', () =>
        db.select({ n: count() }).from(games).where(where),
      );
      return Number(row?.n ?? 0);
    },

    async getGame(gameId) {
      const [row] = await guarded('read a game', () =>
        db.select(summaryColumns).from(games).where(eq(games.gameId, gameId)).limit(1),
      );
      return row ?? null;
    },

    async placements(gameId) {
      const rows = await guarded('read placements', () =>
        db
          .select({ ...seatColumns, place: participants.place, status: participants.status })
          .from(participants)
          .where(and(eq(participants.gameId, gameId), isNotNull(participants.place))),
      );
      const standings = rows.flatMap((r) =>
        r.place === null || r.status === null
          ? []
          : [{ playerId: r.playerId, place: r.place, status: r.status }],
      );
      return placementsOf(rows, standings);
    },

    async finishedGames(options) {
      const { limit, offset } = checkPageOptions(options);
      return guarded('read finished games', () => readFinishedGames(db, limit, offset));
    },

    async listRatings(options) {
      const { pool, limit } = checkRatingsOptions(options);
      const query = db
        .select(ratingColumns)
        .from(ratings)
        .where(eq(ratings.pool, pool))
        .orderBy(sql`${ratings.mu} - 3 * ${ratings.sigma} desc`, asc(byBytes(ratings.key)))
        .$dynamic();
      return guarded('list ratings', async () => (limit === null ? query : query.limit(limit)));
    },

    async replaceRatings(rows) {
      const checked = checkRatingRows(rows, 'rating rows');
      await guarded('replace ratings', () =>
        db.transaction(async (tx) => {
          await lockRatings(tx);
          await tx.delete(ratings);
          for (let start = 0; start < checked.length; start += 1000) {
            await upsertRatings(tx, checked.slice(start, start + 1000));
          }
        }),
      );
    },

    async listChampions() {
      return guarded('list champions', async (): Promise<ChampionSummary[]> => champion(undefined));
    },

    async getChampion(characterId) {
      const [row] = await guarded('read a champion', () =>
        champion(eq(champions.characterId, characterId)),
      );
      return row ?? null;
    },

    async championHistory(characterId) {
      return guarded('read a champion history', () =>
        db
          .select({
            characterId: championMemory.characterId,
            version: championMemory.version,
            gameId: championMemory.gameId,
            seq: championMemory.seq,
            outcome: championMemory.outcome,
            lessons: championMemory.lessons,
            memory: championMemory.memory,
            games: championMemory.games,
            wins: championMemory.wins,
            model: championMemory.model,
            ts: championMemory.ts,
          })
          .from(championMemory)
          .where(eq(championMemory.characterId, characterId))
          .orderBy(asc(championMemory.version)),
      );
    },

    async saveSeries(record) {
      const checked = checkSeriesRecord(record);
      const { format, status, config, standings, createdAt, updatedAt } = checked;
      await guarded('save a series', () =>
        db.insert(series).values(checked).onConflictDoUpdate({
          target: series.seriesId,
          set: { format, status, config, standings, createdAt, updatedAt },
        }),
      );
    },

    async getSeries(seriesId) {
      const [row] = await guarded('read a series', () =>
        db.select(seriesColumns).from(series).where(eq(series.seriesId, seriesId)),
      );
      return row ?? null;
    },

    async listSeries() {
      return guarded('list series', () =>
        db
          .select(seriesColumns)
          .from(series)
          .orderBy(desc(byBytes(series.createdAt)), asc(byBytes(series.seriesId))),
      );
    },

    async seriesGames(seriesId) {
      const rows = await guarded('read series games', () =>
        db
          .select({
            seriesId: seriesGames.seriesId,
            round: seriesGames.round,
            index: seriesGames.scheduleIndex,
            gameId: seriesGames.gameId,
            status: games.status,
            endReason: games.endReason,
            winnerId: games.winnerId,
          })
          .from(seriesGames)
          .leftJoin(games, eq(games.gameId, seriesGames.gameId))
          .where(eq(seriesGames.seriesId, seriesId))
          .orderBy(asc(seriesGames.scheduleIndex), asc(byBytes(seriesGames.gameId))),
      );
      return rows.map((row): SeriesGameRow => ({
        ...row,
        status: row.status ?? 'running',
        endReason: row.endReason ?? null,
        winnerId: row.winnerId ?? null,
      }));
    },
  };
}
