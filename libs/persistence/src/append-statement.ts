import { eq, sql } from 'drizzle-orm';
import type { EventBatch } from './event-batch';
import type { EventStoreDatabase } from './event-store-database';
import { projectBatch, summarize, type GameProjection } from './game-projection';
import { events, games } from './schema';
import { toRow } from './stored-event';

/** Events per statement: Postgres takes at most 65535 parameters, and an event needs 8. */
const ROWS_PER_STATEMENT = 500;
/** Batches up to this size reuse a prepared statement per shape; a turn appends a handful. */
const PREPARED_UP_TO = 32;

interface Shape {
  rows: number;
  created: boolean;
  turns: boolean;
  ended: boolean;
}

const placeholder = (name: string) => sql.placeholder(name);

function eventRow(i: number) {
  const p = (column: string) => placeholder(`e${i}_${column}`);
  return {
    gameId: p('gameId'),
    seq: p('seq'),
    id: p('id'),
    type: p('type'),
    schemaVersion: p('schemaVersion'),
    payload: p('payload'),
    causationId: p('causationId'),
    ts: p('ts'),
  };
}

/**
 * Events and their summary change in one statement (`WITH stored AS (INSERT …) UPDATE games …`):
 * one statement is one transaction, and one round trip instead of four.
 */
function appendStatement(db: EventStoreDatabase, shape: Shape) {
  const stored = db.$with('stored').as(
    db
      .insert(events)
      .values(Array.from({ length: shape.rows }, (_, i) => eventRow(i)))
      .returning({ seq: events.seq }),
  );
  if (shape.created) {
    return db
      .with(stored)
      .insert(games)
      .values({
        gameId: placeholder('g_gameId'),
        scenarioId: placeholder('g_scenarioId'),
        title: placeholder('g_title'),
        status: placeholder('g_status'),
        endReason: placeholder('g_endReason'),
        winnerId: placeholder('g_winnerId'),
        players: placeholder('g_players'),
        turns: placeholder('g_turns'),
        lastSeq: placeholder('g_lastSeq'),
        createdAt: placeholder('g_createdAt'),
        updatedAt: placeholder('g_updatedAt'),
      });
  }
  // `set` takes SQL rather than bare placeholders; the column still types the parameter.
  const value = (name: string) => sql`${placeholder(name)}`;
  return db
    .with(stored)
    .update(games)
    .set({
      ...(shape.turns ? { turns: value('g_turns') } : {}),
      ...(shape.ended
        ? {
            status: 'ended' as const,
            endReason: value('g_endReason'),
            winnerId: value('g_winnerId'),
          }
        : {}),
      lastSeq: value('g_lastSeq'),
      updatedAt: value('g_updatedAt'),
    })
    .where(eq(games.gameId, placeholder('g_gameId')));
}

function shapeOf(batch: EventBatch, projection: GameProjection): Shape {
  return {
    rows: batch.events.length,
    created: projection.created !== null,
    turns: projection.turns !== null,
    ended: projection.ended !== null,
  };
}

function statementValues(batch: EventBatch, projection: GameProjection): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  batch.events.forEach((event, i) => {
    for (const [column, value] of Object.entries(toRow(event))) values[`e${i}_${column}`] = value;
  });
  const summary = projection.created
    ? summarize(projection.created, projection)
    : {
        gameId: projection.gameId,
        turns: projection.turns,
        endReason: projection.ended?.endReason ?? null,
        winnerId: projection.ended?.winnerId ?? null,
        lastSeq: projection.lastSeq,
        updatedAt: projection.updatedAt,
      };
  for (const [field, value] of Object.entries(summary)) values[`g_${field}`] = value;
  return values;
}

function chunks(batch: EventBatch): EventBatch[] {
  const parts: EventBatch[] = [];
  for (let start = 0; start < batch.events.length; start += ROWS_PER_STATEMENT) {
    const part = batch.events.slice(start, start + ROWS_PER_STATEMENT);
    const firstSeq = batch.firstSeq + start;
    parts.push({ ...batch, firstSeq, lastSeq: firstSeq + part.length - 1, events: part });
  }
  return parts;
}

/** Writes checked batches that continue the stored log, with their summary change. */
export interface AppendWriter {
  write(batch: EventBatch): Promise<void>;
}

/** An {@link AppendWriter} over `db`, preparing one statement per batch shape it meets. */
export function createAppendWriter(db: EventStoreDatabase): AppendWriter {
  const prepared = new Map<
    string,
    { execute(values: Record<string, unknown>): Promise<unknown> }
  >();

  function preparedFor(shape: Shape) {
    const key = `${shape.created ? 'create' : 'update'}_${shape.rows}${shape.turns ? '_turns' : ''}${shape.ended ? '_ended' : ''}`;
    let statement = prepared.get(key);
    if (!statement) {
      statement = appendStatement(db, shape).prepare(`arena_append_${key}`);
      prepared.set(key, statement);
    }
    return statement;
  }

  return {
    async write(batch) {
      const parts = chunks(batch);
      const [only] = parts;
      if (only && parts.length === 1) {
        const projection = projectBatch(only);
        const shape = shapeOf(only, projection);
        const values = statementValues(only, projection);
        await (shape.rows <= PREPARED_UP_TO
          ? preparedFor(shape).execute(values)
          : appendStatement(db, shape).execute(values));
        return;
      }
      await db.transaction(async (tx) => {
        for (const part of parts) {
          const projection = projectBatch(part);
          await appendStatement(tx, shapeOf(part, projection)).execute(
            statementValues(part, projection),
          );
        }
      });
    },
  };
}
