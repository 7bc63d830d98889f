/**
 * The floor the append benchmark measures the Postgres store against. Import from
 * `@arena/persistence/bench`; never shipped in the main barrel.
 */
import { performance } from 'node:perf_hooks';
import type { GameEvent } from '@arena/models';
import pg from 'pg';

export interface RawInsertOptions {
  url: string;
  /** Schema holding the store's tables (the scratch table is made beside them). @default search path */
  schema?: string;
  /** Batches of events to insert, in order; each batch is one multi-row INSERT. */
  batches: readonly (readonly GameEvent[])[];
}

export interface RawInsertResult {
  events: number;
  /** Time spent in the INSERTs (building their parameters included). */
  seconds: number;
}

const COLUMNS = ['game_id', 'seq', 'id', 'type', 'schema_version', 'payload', 'causation_id', 'ts'];

/**
 * Write `batches` with plain multi-row INSERTs of the event columns through `pg` (no validation,
 * no projections, no summary), into a scratch copy of the events table with the same columns,
 * keys and indexes, dropped afterwards. What an append costs on top of this is the price of
 * checking events and keeping projections in the same transaction.
 */
export async function rawBatchedInsert(options: RawInsertOptions): Promise<RawInsertResult> {
  const client = new pg.Client({
    connectionString: options.url,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  await client.connect();
  const table = 'raw_events_baseline';
  try {
    await client.query(`drop table if exists ${table}`);
    await client.query(`create table ${table} (like events including all)`);
    let events = 0;
    const started = performance.now();
    for (const batch of options.batches) {
      const values: unknown[] = [];
      const rows = batch.map((event, i) => {
        values.push(
          event.gameId,
          event.seq,
          event.id,
          event.type,
          event.schemaVersion,
          JSON.stringify(event.payload),
          event.causationId,
          event.ts,
        );
        return `(${COLUMNS.map((_, c) => `$${i * COLUMNS.length + c + 1}`).join(',')})`;
      });
      await client.query(
        `insert into ${table} (${COLUMNS.join(',')}) values ${rows.join(',')}`,
        values,
      );
      events += batch.length;
    }
    return { events, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.query(`drop table if exists ${table}`).catch(() => undefined);
    await client.end();
  }
}
