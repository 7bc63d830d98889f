import { ArenaError } from '@arena/models';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { mkdir } from 'node:fs/promises';
import { lockDataDir } from './data-dir-lock';
import { createDrizzleEventStore } from './drizzle-event-store';
import { PERSISTENCE_ERROR_CODES } from './errors';
import type { EventStore } from './event-store';
import { MIGRATIONS_FOLDER } from './migrations-folder';

export interface PgliteEventStoreOptions {
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
  const { dataDir } = options;
  let client: PGlite | undefined;
  let unlock: (() => void) | undefined;
  try {
    if (dataDir !== undefined) {
      await mkdir(dataDir, { recursive: true });
      unlock = lockDataDir(dataDir);
    }
    client = await PGlite.create(dataDir === undefined ? {} : { dataDir });
    const db = drizzle({ client });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    const opened = client;
    const release = unlock;
    return createDrizzleEventStore(db, {
      onClose: async () => {
        await opened.close();
        release?.();
      },
    });
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
