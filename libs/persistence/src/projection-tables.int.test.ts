import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import { migrateDatabase } from './postgres-event-store';
import { dropTestSchema, TEST_DATABASE_URL, uniqueDatabaseName } from './postgres-testing';
import { projectionTablesContract } from './projection-tables.contract';

projectionTablesContract('PGlite', async () => {
  const client = await PGlite.create();
  const db = drizzlePglite({ client });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db, close: () => client.close() };
});

projectionTablesContract('Postgres', async () => {
  const schema = uniqueDatabaseName('projections');
  await migrateDatabase(TEST_DATABASE_URL, { schema });
  const pool = new pg.Pool({
    connectionString: TEST_DATABASE_URL,
    options: `-c search_path=${schema}`,
  });
  return {
    db: drizzlePg({ client: pool }),
    close: async () => {
      await pool.end();
      await dropTestSchema(schema);
    },
  };
});
