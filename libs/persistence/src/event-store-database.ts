import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** Any drizzle Postgres database (PGlite, node-postgres) whose schema has been migrated. */
export type EventStoreDatabase = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/** The rows of a raw `execute` result: every Postgres driver drizzle wraps returns `{ rows }`. */
export function resultRows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
