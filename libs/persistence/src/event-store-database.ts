import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** Any drizzle Postgres database (PGlite, node-postgres) whose schema has been migrated. */
export type EventStoreDatabase = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;
