import { ArenaError } from '@arena/models';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { ADVISORY_LOCKS } from './advisory-locks';
import { createDrizzleEventStore } from './drizzle-event-store';
import { PERSISTENCE_ERROR_CODES } from './errors';
import type { EventStore, EventStoreOptions } from './event-store';
import { applyMigrations, DEFAULT_MIGRATIONS_SCHEMA, type MigrationReport } from './migrations';

export interface PostgresConnectionOptions {
  /** `postgres://user:password@host:port/database` (query options such as `sslmode` pass on). */
  url: string;
  /**
   * Keep every table (and the migrations' own record) in this schema, created if missing:
   * lets tests share one database. Lower-case letters, digits and `_`. @default the URL's
   * search path, with migrations recorded in `drizzle`
   */
  schema?: string;
}

export interface PostgresEventStoreOptions extends PostgresConnectionOptions, EventStoreOptions {
  /** Apply pending migrations before the store is used. @default true */
  migrate?: boolean;
  /** Most connections the store opens at once. @default 10 */
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function invalidOption(option: string, value: unknown, allowed: string): ArenaError {
  return new ArenaError(`Option ${option} must be ${allowed}, got ${String(value)}`, {
    code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
    category: 'user',
    details: { option, value: String(value), allowed },
  });
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/, '$1:***@');
}

function clientConfig(options: PostgresConnectionOptions): pg.ClientConfig {
  if (typeof options.url !== 'string' || !/^postgres(ql)?:\/\/\S+$/.test(options.url)) {
    throw invalidOption(
      'url',
      options.url && redactUrl(options.url),
      'a postgres:// or postgresql:// URL',
    );
  }
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw invalidOption(
      'schema',
      schema,
      'lower-case letters, digits and _, starting with a letter or _',
    );
  }
  return {
    connectionString: options.url,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  };
}

function openFailed(
  options: PostgresConnectionOptions,
  action: string,
  error: unknown,
): ArenaError {
  if (error instanceof ArenaError) return error;
  const url = redactUrl(options.url);
  const reason = error instanceof Error ? error.message || String(error) : String(error);
  return new ArenaError(`Could not ${action} the Postgres database at ${url}: ${reason}`, {
    code: PERSISTENCE_ERROR_CODES.OPEN_FAILED,
    details: { url, schema: options.schema ?? null },
    cause: error,
  });
}

/** Migrate over one connection that holds the migrations' advisory lock throughout. */
async function migrateOn(client: pg.Client, schema: string | undefined): Promise<MigrationReport> {
  const db = drizzle({ client });
  await db.execute(sql`select pg_advisory_lock(${ADVISORY_LOCKS.migrations})`);
  try {
    if (schema !== undefined)
      await db.execute(sql`create schema if not exists ${sql.identifier(schema)}`);
    return await applyMigrations(
      db,
      (config) => migrate(db, config),
      schema ?? DEFAULT_MIGRATIONS_SCHEMA,
    );
  } finally {
    await db.execute(sql`select pg_advisory_unlock(${ADVISORY_LOCKS.migrations})`);
  }
}

/**
 * Apply pending migrations to a Postgres database and report which ran. A Postgres advisory
 * lock makes concurrent callers (two runners starting together) wait for each other: one
 * applies, the others find nothing left to do. Throws `PERSISTENCE_OPEN_FAILED` when the
 * database cannot be reached or a migration fails.
 *
 * @example
 * const { applied } = await migrateDatabase('postgres://postgres@127.0.0.1:5432/arena');
 */
export async function migrateDatabase(
  url: string,
  options: { schema?: string } = {},
): Promise<MigrationReport> {
  const connection = { url, ...options };
  const client = new pg.Client(clientConfig(connection));
  // A connection lost while idle is reported by the next query; it must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await migrateOn(client, options.schema);
  } catch (error) {
    throw openFailed(connection, 'migrate', error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Open an event store on a Postgres server, through a `pg` connection pool. Applies pending
 * migrations first (see {@link migrateDatabase}) unless `migrate` is false. Throws
 * `PERSISTENCE_OPEN_FAILED` when the server cannot be reached or migrated.
 *
 * @example
 * const store = await openPostgresEventStore({ url: process.env.DATABASE_URL });
 * await store.append(events);
 * await store.close();
 */
export async function openPostgresEventStore(
  options: PostgresEventStoreOptions,
): Promise<EventStore> {
  const config = clientConfig(options);
  const { maxConnections = 10 } = options;
  if (!Number.isSafeInteger(maxConnections) || maxConnections < 1) {
    throw invalidOption('maxConnections', maxConnections, 'a positive integer');
  }
  if (options.migrate !== false) await migrateDatabase(options.url, { schema: options.schema });
  const pool = new pg.Pool({ ...config, max: maxConnections });
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw openFailed(options, 'connect to', error);
  }
  return createDrizzleEventStore(drizzle({ client: pool }), {
    ...(options.ratings ? { ratings: options.ratings } : {}),
    onClose: () => pool.end(),
  });
}
