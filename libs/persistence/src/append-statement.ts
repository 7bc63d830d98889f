import { sql, type SQL } from 'drizzle-orm';
import { recordsOf, type BatchRecords, type ChampionChange } from './batch-records';
import type { EventBatch } from './event-batch';
import type { EventStoreDatabase } from './event-store-database';
import { projectBatch, summarize, type GameProjection } from './game-projection';
import { rateFinishedGame, type StoreRatingUpdater } from './rating-transaction';
import { toRow } from './stored-event';

const columnNames = new Map<string, string>();

/** `fooBar` → `foo_bar`: projection rows travel as JSON keyed by column name. */
function columnName(field: string): string {
  let name = columnNames.get(field);
  if (name === undefined) {
    name = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    columnNames.set(field, name);
  }
  return name;
}

/** Rows as one jsonb parameter: objects keyed by column name, nested values as they are. */
function rowsParam(rows: readonly object[]): SQL {
  const columns = rows.map((row) => {
    const named: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(row)) named[columnName(field)] = value;
    return named;
  });
  return sql`${JSON.stringify(columns)}::jsonb`;
}

/** `insert into <table> select * from <rows as the table's row type>`. */
function insertAll(table: string, rows: readonly object[], onConflict = false): SQL {
  const target = sql.identifier(table);
  const conflict = onConflict ? sql` on conflict do nothing` : sql``;
  return sql`insert into ${target} select * from jsonb_populate_recordset(null::${target}, ${rowsParam(rows)})${conflict}`;
}

function eventsInsert(batch: EventBatch): SQL {
  const rows = batch.events.map((event) => toRow(event));
  return sql`insert into events (game_id, seq, id, type, schema_version, payload, causation_id, ts)
    select game_id, seq, id, type, schema_version, payload, causation_id, ts
    from jsonb_populate_recordset(null::events, ${rowsParam(rows)})`;
}

function messagesInsert(records: BatchRecords): SQL {
  // A message whose event names no turn (a defence, a verdict, final words) belongs to the
  // game's current turn: the one the summary held before this batch.
  return sql`insert into messages (game_id, seq, message_id, turn, player_id, kind, text)
    select m.game_id, m.seq, m.message_id,
      coalesce(m.turn, (select g.turns from games g where g.game_id = m.game_id), 0),
      m.player_id, m.kind, m.text
    from jsonb_populate_recordset(null::messages, ${rowsParam(records.messages)}) m`;
}

function verdictsUpdate(gameId: string, records: BatchRecords): SQL {
  const rows = records.verdicts.map((v) => ({ gameId, ...v }));
  return sql`update accusations a set verdict = v.verdict, verdict_confidence = v.verdict_confidence
    from jsonb_populate_recordset(null::accusations, ${rowsParam(rows)}) v
    where a.game_id = v.game_id and a.accusation_id = v.accusation_id`;
}

function placementsUpdate(gameId: string, records: BatchRecords): SQL {
  const rows = records.placements.map((p) => ({ gameId, ...p }));
  return sql`update participants p set place = x.place, status = x.status
    from jsonb_populate_recordset(null::participants, ${rowsParam(rows)}) x
    where p.game_id = x.game_id and p.player_id = x.player_id`;
}

/**
 * Each change with how many later changes of the same character the batch holds (`back`), and
 * on the latest one the number of changes (`changes`): the champion's version moves by
 * `changes`, and each memory row takes `version − back`.
 */
function numberedChanges(changes: readonly ChampionChange[]) {
  return changes.map((change, i) => {
    const later = changes.slice(i + 1).filter((c) => c.characterId === change.characterId).length;
    const all = changes.filter((c) => c.characterId === change.characterId).length;
    return { ...change, back: later, changes: all, latest: later === 0 };
  });
}

/** Champion rows (version = previous + 1) and their memory history, as two CTEs. */
function championStatements(records: BatchRecords): [SQL, SQL, SQL] {
  const changes = sql`champion_changes as (
    select * from jsonb_to_recordset(${rowsParam(numberedChanges(records.champions))}) as x(
      character_id text, player_id text, name text, game_id text, seq integer, outcome text,
      lessons jsonb, memory text, games integer, wins integer, model text, ts text,
      back integer, changes integer, latest boolean))`;
  const upsert = sql`champion_versions as (
    insert into champions (character_id, name, version, games, wins, memory, last_game_id, updated_at)
    select c.character_id,
      coalesce(c.name, (select p.name from participants p
        where p.game_id = c.game_id and p.player_id = c.player_id), ''),
      c.changes, c.games, c.wins, c.memory, c.game_id, c.ts
    from champion_changes c where c.latest
    on conflict (character_id) do update set
      name = excluded.name, version = champions.version + excluded.version,
      games = excluded.games, wins = excluded.wins, memory = excluded.memory,
      last_game_id = excluded.last_game_id, updated_at = excluded.updated_at
    returning character_id, version)`;
  const history = sql`champion_history as (
    insert into champion_memory
      (character_id, version, game_id, seq, outcome, lessons, memory, games, wins, model, ts)
    select c.character_id, v.version - c.back, c.game_id, c.seq, c.outcome, c.lessons,
      c.memory, c.games, c.wins, c.model, c.ts
    from champion_changes c join champion_versions v using (character_id))`;
  return [changes, upsert, history];
}

/** The data-modifying CTEs for every projection the batch touches (none for empty ones). */
function projectionStatements(gameId: string, records: BatchRecords): SQL[] {
  const ctes: [string, boolean, () => SQL][] = [
    [
      'participants_added',
      records.participants.length > 0,
      () => insertAll('participants', records.participants, true),
    ],
    ['placements_set', records.placements.length > 0, () => placementsUpdate(gameId, records)],
    ['messages_added', records.messages.length > 0, () => messagesInsert(records)],
    ['scores_added', records.scores.length > 0, () => insertAll('scores', records.scores)],
    [
      'accusations_added',
      records.accusations.length > 0,
      () => insertAll('accusations', records.accusations, true),
    ],
    ['verdicts_set', records.verdicts.length > 0, () => verdictsUpdate(gameId, records)],
    [
      'eliminations_added',
      records.eliminations.length > 0,
      () => insertAll('eliminations', records.eliminations, true),
    ],
    [
      'model_calls_added',
      records.modelCalls.length > 0,
      () => insertAll('model_calls', records.modelCalls),
    ],
    [
      'series_games_added',
      records.seriesGame !== null,
      () => {
        const link = records.seriesGame;
        const rows = link
          ? [
              {
                seriesId: link.seriesId,
                gameId: link.gameId,
                round: link.round,
                scheduleIndex: link.index,
              },
            ]
          : [];
        return insertAll('series_games', rows, true);
      },
    ],
  ];
  const statements = ctes
    .filter(([, wanted]) => wanted)
    .map(([name, , build]) => sql`${sql.identifier(name)} as (${build()})`);
  if (records.champions.length > 0) statements.push(...championStatements(records));
  return statements;
}

/** The summary change: an insert when the batch creates the game, else an update. */
function summaryStatement(projection: GameProjection): SQL {
  if (projection.created) {
    return insertAll('games', [summarize(projection.created, projection)]);
  }
  const sets = [
    ...(projection.turns === null ? [] : [sql`turns = ${projection.turns}`]),
    ...(projection.ended === null
      ? []
      : [
          sql`status = 'ended'`,
          sql`end_reason = ${projection.ended.endReason}`,
          sql`winner_id = ${projection.ended.winnerId}`,
        ]),
    sql`last_seq = ${projection.lastSeq}`,
    sql`updated_at = ${projection.updatedAt}`,
  ];
  return sql`update games set ${sql.join(sets, sql`, `)} where game_id = ${projection.gameId}`;
}

/**
 * One statement stores a batch: its events, the summary change and every projection row, as
 * data-modifying CTEs. One statement is one transaction and one round trip.
 */
export function appendStatement(batch: EventBatch, records: BatchRecords): SQL {
  const projection = projectBatch(batch);
  const ctes = [
    sql`stored as (${eventsInsert(batch)})`,
    ...projectionStatements(batch.gameId, records),
  ];
  return sql`with ${sql.join(ctes, sql`, `)} ${summaryStatement(projection)}`;
}

/** Writes checked batches that continue the stored log, with their projections. */
export interface AppendWriter {
  write(batch: EventBatch): Promise<void>;
}

/**
 * An {@link AppendWriter} over `db`. A batch that ends a game, with a rating updater set, is
 * written in a transaction that also moves the ratings; every other batch is one statement.
 */
export function createAppendWriter(
  db: EventStoreDatabase,
  ratings: StoreRatingUpdater | undefined,
): AppendWriter {
  return {
    async write(batch) {
      const records = recordsOf(batch);
      const statement = appendStatement(batch, records);
      const ended = records.ended;
      if (!ratings || !ended) {
        await db.execute(statement);
        return;
      }
      await db.transaction(async (tx) => {
        await tx.execute(statement);
        await rateFinishedGame(tx, batch.gameId, ended, ratings);
      });
    },
  };
}
