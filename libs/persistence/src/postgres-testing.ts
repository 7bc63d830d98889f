/**
 * Fresh Postgres schemas and databases for integration tests, so parallel test files never
 * share tables. Part of `@arena/persistence/testing`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The Postgres service of the development and CI machines (trust auth). */
export const TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A new unique name `arena_<label>_<hex>` (lower case, safe as an identifier). */
export function uniqueDatabaseName(label: string): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 30);
  return `arena_${slug}_${randomBytes(5).toString('hex')}`;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drop a schema made for a test, with everything in it. */
export async function dropTestSchema(schema: string, url = TEST_DATABASE_URL): Promise<void> {
  await withClient(url, (c) => c.query(`drop schema if exists "${schema}" cascade`));
}

/**
 * Create an empty database for a test and return its URL (on the server of `url`). Fails
 * loudly when Postgres cannot be reached.
 */
export async function createTestDatabase(label: string, url = TEST_DATABASE_URL): Promise<string> {
  const name = uniqueDatabaseName(label);
  await withClient(url, (c) => c.query(`create database "${name}"`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

/** Drop a database made by {@link createTestDatabase}, closing its remaining connections. */
export async function dropTestDatabase(
  databaseUrl: string,
  url = TEST_DATABASE_URL,
): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  await withClient(url, (c) => c.query(`drop database if exists "${name}" with (force)`));
}
