import { join, resolve } from 'node:path';
import { createInMemoryBus, type MessageBus } from '@arena/message-bus';
import type { Clock } from '@arena/models';
import { openPgliteWorkerEventStore, type EventStore } from '@arena/persistence';
import { loadContentCatalog, type ContentCatalog } from './catalog';
import type { GameServices } from './game-session';
import type { ArenaSettings } from './settings';

/** The adapters a process needs to play, store and stream games, built from settings. */
export interface ArenaServices extends GameServices {
  store: EventStore;
  bus: MessageBus;
  catalog: ContentCatalog;
  /** Close the bus and the store. */
  close(): Promise<void>;
}

/**
 * Build the embedded defaults: PGlite under `<ARENA_DATA_DIR>/pglite` (or in memory when
 * `inMemory` is set) in its own worker thread, the in-process bus, and the content catalog.
 */
export async function openArenaServices(
  settings: ArenaSettings,
  options: { clock: Clock; inMemory?: boolean; catalog?: ContentCatalog },
): Promise<ArenaServices> {
  const catalog = options.catalog ?? loadContentCatalog(settings.ARENA_CONTENT_DIR);
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
    close: async () => {
      await bus.close();
      await store.close();
    },
  };
}
