/**
 * SQL-level checks of the projection tables, for every Postgres client (PGlite, `pg`): the rows
 * a played log leaves behind, whether it is appended at once or turn by turn, and that a failing
 * projection rolls its events back.
 */
import type { GameEvent } from '@arena/models';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleEventStore } from './drizzle-event-store';
import { PERSISTENCE_ERROR_CODES } from './errors';
import type { EventStore } from './event-store';
import { resultRows, type EventStoreDatabase } from './event-store-database';
import { playedGameLog, testRatingUpdater } from './played-game';

/** A migrated database for one suite, and how to release it. */
export interface ProjectionDatabase {
  db: EventStoreDatabase;
  close(): Promise<void>;
}

const ORDER: Record<string, string> = {
  participants: 'seat',
  messages: 'seq',
  scores: 'seq',
  accusations: 'accusation_id',
  eliminations: 'turn, player_id',
  model_calls: 'seq',
  series_games: 'schedule_index',
};

/** Every projection row of one game, without its game id (so two games compare equal). */
async function projectionRows(db: EventStoreDatabase, gameId: string) {
  const tables: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(ORDER)) {
    const result = await db.execute(
      sql`select * from ${sql.identifier(table)} where game_id = ${gameId} order by ${sql.raw(order)}`,
    );
    tables[table] = resultRows<Record<string, unknown>>(result).map((stored) => {
      const row = { ...stored };
      delete row['game_id'];
      if (typeof row['accusation_id'] === 'string') {
        row['accusation_id'] = row['accusation_id'].replace(gameId, '');
      }
      return row;
    });
  }
  return tables;
}

/** Register the suite; `open` gives a migrated, empty database. */
export function projectionTablesContract(
  name: string,
  open: () => Promise<ProjectionDatabase>,
): void {
  describe(`projection tables: ${name}`, () => {
    let database: ProjectionDatabase;
    let store: EventStore;
    const rows = async (query: ReturnType<typeof sql>) =>
      resultRows<Record<string, unknown>>(await database.db.execute(query));

    beforeAll(async () => {
      database = await open();
      store = createDrizzleEventStore(database.db, { ratings: testRatingUpdater });
    });
    afterAll(async () => {
      await store.close();
      await database.close();
    });

    /** Turn-sized batches: the defence (seq 9) starts a batch, so its turn comes from the summary. */
    async function appendInTurns(log: GameEvent[]): Promise<void> {
      for (const [from, to] of [
        [0, 9],
        [9, 13],
        [13, log.length - 1],
        [log.length - 1, log.length],
      ] as const) {
        await store.append(log.slice(from, to));
      }
    }

    it('derives every projection row of a played game', async () => {
      const log = playedGameLog('projected', {
        series: { seriesId: 'league', round: 2, index: 5 },
        champions: [{ playerId: 'P1', characterId: 'ana', outcome: 'won', games: 1, wins: 1 }],
      });
      await appendInTurns(log);
      const tables = await projectionRows(database.db, 'projected');
      expect(tables.participants).toEqual([
        {
          player_id: 'P1',
          seat: 1,
          character_id: 'ana',
          name: 'Ana',
          model: 'sim',
          place: 1,
          status: 'active',
        },
        {
          player_id: 'P2',
          seat: 2,
          character_id: 'bo',
          name: 'Bo',
          model: 'openai:gpt-test',
          place: 2,
          status: 'active',
        },
        {
          player_id: 'P3',
          seat: 3,
          character_id: 'cy',
          name: 'Cy',
          model: 'sim',
          place: 4,
          status: 'eliminated',
        },
        {
          player_id: 'P4',
          seat: 4,
          character_id: 'di',
          name: 'Di',
          model: 'anthropic:claude-test',
          place: 3,
          status: 'eliminated',
        },
      ]);
      const message = (
        seq: number,
        id: string,
        turn: number,
        player: string | null,
        kind: string,
        text: string,
      ) => ({
        seq,
        message_id: id,
        turn,
        player_id: player,
        kind,
        text,
      });
      expect(tables.messages).toEqual([
        message(3, 'M1', 1, 'P1', 'contribution_accepted', 'P1 on turn 1'),
        message(7, 'M2', 2, 'P2', 'accusation_filed', 'P3 misquoted the record'),
        message(9, 'M3', 2, 'P3', 'defence_given', 'I did not'),
        message(10, 'M4', 2, null, 'verdict_reached', 'The quote is not in M1'),
        message(11, 'M5', 2, null, 'player_eliminated', 'P3 is out: proven false statement'),
        message(12, 'M6', 2, 'P3', 'final_words', 'Farewell'),
        message(15, 'M7', 3, 'P4', 'contribution_accepted', 'P4 on turn 3'),
        message(20, 'M8', 3, null, 'player_eliminated', 'P4 has the lowest standing'),
        message(21, 'M9', 3, null, 'narrator_line', 'Two remain.'),
      ]);
      expect(tables.scores).toEqual([
        expect.objectContaining({
          seq: 4,
          turn: 1,
          player_id: 'P1',
          message_id: 'M1',
          points: 0.6,
          judge: 'sim',
        }),
        expect.objectContaining({
          seq: 16,
          turn: 3,
          player_id: 'P4',
          message_id: 'M7',
          points: 0.1,
          phase: 'early',
        }),
      ]);
      expect((tables.scores?.[0] as { scores: Record<string, number> }).scores.novelty).toBe(0.5);
      expect(tables.accusations).toEqual([
        {
          accusation_id: '-A1',
          accuser: 'P2',
          accused: 'P3',
          charge: 'false_statement',
          claim: 'P3 misquoted the record',
          turn: 2,
          confidence: 0.8,
          verdict: 'proven',
          verdict_confidence: 0.9,
        },
      ]);
      expect(tables.eliminations).toEqual([
        { player_id: 'P3', turn: 2, round: 1, cause: 'proven_accusation', standing: 0 },
        { player_id: 'P4', turn: 3, round: 1, cause: 'lowest_standing', standing: 0.05 },
      ]);
      expect(tables.model_calls).toEqual([
        expect.objectContaining({
          seq: 5,
          role: 'player',
          player_id: 'P1',
          input_tokens: 101,
          attempts: 1,
          failed: false,
        }),
        expect.objectContaining({
          seq: 17,
          role: 'player',
          player_id: 'P4',
          cost_usd: 0.001,
          latency_ms: 2.5,
        }),
        expect.objectContaining({
          seq: 18,
          role: 'judge',
          player_id: null,
          model: 'openai:gpt-test',
          attempts: 3,
          failed: true,
        }),
      ]);
      expect(tables.series_games).toEqual([{ series_id: 'league', round: 2, schedule_index: 5 }]);
      expect(
        await rows(sql`select character_id, version, name, games, wins from champions`),
      ).toEqual([{ character_id: 'ana', version: 1, name: 'Ana', games: 1, wins: 1 }]);
      expect(
        await rows(sql`select character_id, version, game_id, outcome from champion_memory`),
      ).toEqual([{ character_id: 'ana', version: 1, game_id: 'projected', outcome: 'won' }]);
      expect(
        await rows(
          sql`select pool, key, games, wins, last_game_id from ratings order by pool, key`,
        ),
      ).toEqual([
        { pool: 'character', key: 'ana', games: 1, wins: 1, last_game_id: 'projected' },
        { pool: 'character', key: 'bo', games: 1, wins: 0, last_game_id: 'projected' },
        { pool: 'character', key: 'cy', games: 1, wins: 0, last_game_id: 'projected' },
        { pool: 'character', key: 'di', games: 1, wins: 0, last_game_id: 'projected' },
        {
          pool: 'model',
          key: 'anthropic:claude-test',
          games: 1,
          wins: 0,
          last_game_id: 'projected',
        },
        { pool: 'model', key: 'openai:gpt-test', games: 1, wins: 0, last_game_id: 'projected' },
        { pool: 'model', key: 'sim', games: 2, wins: 1, last_game_id: 'projected' },
      ]);
    });

    it('derives the same rows from a log appended in one call', async () => {
      const series = { seriesId: 'league', round: 2, index: 5 };
      await appendInTurns(playedGameLog('in-turns', { series }));
      await store.append(playedGameLog('at-once', { series }));
      expect(await projectionRows(database.db, 'at-once')).toEqual(
        await projectionRows(database.db, 'in-turns'),
      );
    });

    it('numbers memory versions per champion across games and within a batch', async () => {
      const change = (games: number) => ({
        playerId: 'P2',
        characterId: 'bo',
        outcome: 'lost' as const,
        games,
        wins: 0,
      });
      await store.append(playedGameLog('bo-1', { champions: [change(1)] }));
      await store.append(playedGameLog('bo-2', { champions: [change(2), change(3)] }));
      expect(
        await rows(
          sql`select version, game_id, games from champion_memory where character_id = 'bo' order by version`,
        ),
      ).toEqual([
        { version: 1, game_id: 'bo-1', games: 1 },
        { version: 2, game_id: 'bo-2', games: 2 },
        { version: 3, game_id: 'bo-2', games: 3 },
      ]);
      expect(
        await rows(sql`select version, games from champions where character_id = 'bo'`),
      ).toEqual([{ version: 3, games: 3 }]);
    });

    it('rolls the events back when a projection fails', async () => {
      const log = playedGameLog('rolled-back');
      await store.append(log.slice(0, 3));
      await database.db.execute(
        sql.raw(`create function fail_messages() returns trigger language plpgsql as $$
          begin raise exception 'messages projection failed'; end $$`),
      );
      await database.db.execute(
        sql.raw(`create trigger fail_messages before insert on messages for each row
          when (new.game_id = 'rolled-back') execute function fail_messages()`),
      );
      await expect(store.append(log.slice(3))).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.STORAGE_FAILED,
        message: expect.stringMatching(/messages projection failed/),
      });
      await database.db.execute(sql.raw(`drop trigger fail_messages on messages`));
      await database.db.execute(sql.raw(`drop function fail_messages()`));
      expect(await store.load('rolled-back')).toHaveLength(3);
      expect(await store.getGame('rolled-back')).toMatchObject({ lastSeq: 2, status: 'running' });
      expect(
        await rows(sql`select count(*)::int as n from model_calls where game_id = 'rolled-back'`),
      ).toEqual([{ n: 0 }]);
      await store.append(log.slice(3));
      expect(await store.placements('rolled-back')).toHaveLength(4);
    });
  });
}
