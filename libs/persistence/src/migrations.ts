import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { resultRows, type EventStoreDatabase } from './event-store-database';
import { MIGRATIONS_FOLDER } from './migrations-folder';

/** What a migration run did. */
export interface MigrationReport {
  /** Tags of the migrations this run applied, oldest first ([] when the schema was current). */
  applied: string[];
  /** Tag of the latest migration the database now has. */
  current: string;
}

/** Where drizzle records applied migrations (`<schema>.__drizzle_migrations`). */
export const DEFAULT_MIGRATIONS_SCHEMA = 'drizzle';

interface JournalEntry {
  tag: string;
  when: number;
}

/** The migrations shipped with this version, oldest first. */
export function migrationJournal(): JournalEntry[] {
  const journal = JSON.parse(
    readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: JournalEntry[] };
  return journal.entries.map(({ tag, when }) => ({ tag, when }));
}

/** The `when` of the latest migration recorded in the database; -1 when none is. */
async function lastApplied(db: EventStoreDatabase, migrationsSchema: string): Promise<number> {
  const table = `${migrationsSchema}.__drizzle_migrations`;
  const found = await db.execute(sql`select to_regclass(${table}) is not null as found`);
  if (!resultRows<{ found: boolean }>(found)[0]?.found) return -1;
  const result = await db.execute(
    sql`select max(created_at) as last from ${sql.identifier(migrationsSchema)}.__drizzle_migrations`,
  );
  const last = resultRows<{ last: string | number | null }>(result)[0]?.last;
  return last === null || last === undefined ? -1 : Number(last);
}

/**
 * Apply pending migrations with the driver's drizzle migrator and report which ran. The caller
 * makes sure no other process migrates the same database meanwhile.
 */
export async function applyMigrations(
  db: EventStoreDatabase,
  migrate: (config: { migrationsFolder: string; migrationsSchema: string }) => Promise<void>,
  migrationsSchema = DEFAULT_MIGRATIONS_SCHEMA,
): Promise<MigrationReport> {
  const before = await lastApplied(db, migrationsSchema);
  await migrate({ migrationsFolder: MIGRATIONS_FOLDER, migrationsSchema });
  const journal = migrationJournal();
  return {
    applied: journal.filter((m) => m.when > before).map((m) => m.tag),
    current: journal.at(-1)?.tag ?? '',
  };
}
