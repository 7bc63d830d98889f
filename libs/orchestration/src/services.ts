import { join, resolve } from 'node:path';
import { createInMemoryBus, type MessageBus } from '@arena/message-bus';
import type { Clock } from '@arena/models';
import { openPgliteWorkerEventStore, type EventStore } from '@arena/persistence';
import { loadContentCatalog, type ContentCatalog } from './catalog';
import type { GameServices } from './game-session';
import { openModelSetup, type ModelDefaults, type ModelSetup } from './models';
import type { ArenaSettings } from './settings';

/** The adapters a process needs to play, store and stream games, built from settings. */
export interface ArenaServices extends GameServices {
  store: EventStore;
  bus: MessageBus;
  catalog: ContentCatalog;
  models: ModelSetup['runtime'];
  /** Models for seats and officials that a game config does not name. */
  modelDefaults: ModelDefaults;
  /** Close the bus, the store and the cassette. */
  close(): Promise<void>;
}

/**
 * Build the embedded defaults: PGlite under `<ARENA_DATA_DIR>/pglite` (or in memory when
 * `inMemory` is set) in its own worker thread, the in-process bus, and the content catalog.
 */
export async function openArenaServices(
  settings: ArenaSettings,
  options: {
    clock: Clock;
    inMemory?: boolean;
    catalog?: ContentCatalog;
    /** A model layer built elsewhere (tests, the CLI's `--replay`). @default built from settings */
    models?: ModelSetup;
  },
): Promise<ArenaServices> {
  const catalog = options.catalog ?? loadContentCatalog(settings.ARENA_CONTENT_DIR);
  const models = options.models ?? openModelSetup(settings);
  const store = await openPgliteWorkerEventStore(
    options.inMemory ? {} : { dataDir: join(resolve(settings.ARENA_DATA_DIR), 'pglite') },
  );
  // Games publish only events the store has just validated and accepted; checking them again
  // in the same process would double the cost of every turn's batch.
  const bus = createInMemoryBus({ validate: false });
  return {
    store,
    bus,
    catalog,
    clock: options.clock,
    models: models.runtime,
    modelDefaults: models.defaults,
    close: async () => {
      await bus.close();
      await store.close();
      await models.close();
    },
  };
}
