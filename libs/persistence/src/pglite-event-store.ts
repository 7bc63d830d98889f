import { ArenaError } from '@arena/models';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { mkdir } from 'node:fs/promises';
import { lockDataDir } from './data-dir-lock';
import { createDrizzleEventStore } from './drizzle-event-store';
import { PERSISTENCE_ERROR_CODES } from './errors';
import type { EventStore, EventStoreOptions } from './event-store';
import { applyMigrations, type MigrationReport } from './migrations';
import type { StoreRatingUpdater } from './rating-transaction';

export interface PgliteEventStoreOptions extends EventStoreOptions {
  /** Directory of the database files, created if missing. @default in-memory (nothing kept) */
  dataDir?: string;
}

/**
 * Open an event store on embedded Postgres (PGlite) and apply pending migrations. One process
 * at a time may open a given `dataDir` (a lock file enforces it).
 *
 * @example
 * const store = await openPgliteEventStore({ dataDir: '.arena/db' });
 * await store.append(events);
 * await store.close();
 */
export async function openPgliteEventStore(
  options: PgliteEventStoreOptions = {},
): Promise<EventStore> {
  return openPglite(options.dataDir, options.ratings);
}

interface MigratedPglite {
  db: ReturnType<typeof drizzle>;
  report: MigrationReport;
  /** Close the database and release the folder's lock. */
  close(): Promise<void>;
}

/** Lock the folder, open PGlite in it and apply pending migrations. */
async function openMigrated(dataDir: string | undefined): Promise<MigratedPglite> {
  let client: PGlite | undefined;
  let unlock: (() => void) | undefined;
  try {
    if (dataDir !== undefined) {
      await mkdir(dataDir, { recursive: true });
      unlock = lockDataDir(dataDir);
    }
    client = await PGlite.create(dataDir === undefined ? {} : { dataDir });
    const db = drizzle({ client });
    const report = await applyMigrations(db, (config) => migrate(db, config));
    const opened = client;
    const release = unlock;
    return {
      db,
      report,
      close: async () => {
        await opened.close();
        release?.();
      },
    };
  } catch (error) {
    await client?.close().catch(() => undefined);
    unlock?.();
    if (error instanceof ArenaError && error.code === PERSISTENCE_ERROR_CODES.DATA_DIR_LOCKED) {
      throw error;
    }
    const where = dataDir === undefined ? 'in memory' : `at ${dataDir}`;
    throw new ArenaError(`Could not open the event store ${where}: ${String(error)}`, {
      code: PERSISTENCE_ERROR_CODES.OPEN_FAILED,
      details: { dataDir: dataDir ?? null },
      cause: error,
    });
  }
}

/** {@link openPgliteEventStore} with an updater that may answer asynchronously (from another thread). */
export async function openPglite(
  dataDir: string | undefined,
  ratings: StoreRatingUpdater | undefined,
): Promise<EventStore> {
  const { db, close } = await openMigrated(dataDir);
  return createDrizzleEventStore(db, { ratings, onClose: close });
}

/**
 * Apply pending migrations to a PGlite folder (created if missing) and report which ran. Fails
 * with `PERSISTENCE_DATA_DIR_LOCKED` while another process has the folder open.
 *
 * @example
 * const { applied } = await migratePgliteDatabase({ dataDir: '.arena/pglite' });
 */
export async function migratePgliteDatabase(options: {
  dataDir: string;
}): Promise<MigrationReport> {
  const { report, close } = await openMigrated(options.dataDir);
  await close();
  return report;
}
