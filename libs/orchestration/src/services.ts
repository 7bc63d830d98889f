import { join, resolve } from 'node:path';
import { createInMemoryBus, type MessageBus } from '@arena/message-bus';
import type { Clock } from '@arena/models';
import {
  createMemoryLiveState,
  openPgliteWorkerEventStore,
  openPostgresEventStore,
  openRedisLiveState,
  type EventStore,
  type LiveState,
  type RatingUpdater,
} from '@arena/persistence';
import { createRatingUpdater } from '@arena/scoring';
import { loadContentCatalog, type ContentCatalog } from './catalog';
import { leaseOwnerOf } from './drive-game';
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
  /** Leases, live standings and fan-out: Redis when `REDIS_URL` is set, else in-process. */
  live: LiveState;
  /** How this process drives games (see `driveGame`): its owner id and the lease time-to-live. */
  leaseOptions: { owner: string; ttlMs: number };
  /** Close the bus, the store and the cassette. */
  close(): Promise<void>;
}

/**
 * Build the adapters: Postgres when `DATABASE_URL` is set (migrated on open), else PGlite under
 * `<ARENA_DATA_DIR>/pglite` (or in memory when `inMemory` is set) in its own worker thread; the
 * in-process bus, and the content catalog.
 */
export async function openArenaServices(
  settings: ArenaSettings,
  options: {
    clock: Clock;
    inMemory?: boolean;
    catalog?: ContentCatalog;
    /** A model layer built elsewhere (tests, the CLI's `--replay`). @default built from settings */
    models?: ModelSetup;
    /** How each finished game moves ratings. @default the OpenSkill updater of `@arena/scoring` */
    ratings?: RatingUpdater;
  },
): Promise<ArenaServices> {
  const catalog = options.catalog ?? loadContentCatalog(settings.ARENA_CONTENT_DIR);
  const models = options.models ?? openModelSetup(settings);
  // Ratings move in the same transaction as each game's end (see @arena/scoring ratings).
  const ratings = options.ratings ?? createRatingUpdater();
  const store = settings.DATABASE_URL
    ? await openPostgresEventStore({ url: settings.DATABASE_URL, ratings })
    : await openPgliteWorkerEventStore({
        ...(options.inMemory ? {} : { dataDir: join(resolve(settings.ARENA_DATA_DIR), 'pglite') }),
        ratings,
      });
  // Games publish only events the store has just validated and accepted; checking them again
  // in the same process would double the cost of every turn's batch.
  const bus = createInMemoryBus({ validate: false });
  const live = await openLiveState(settings, options.clock).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  return {
    store,
    bus,
    catalog,
    clock: options.clock,
    models: models.runtime,
    modelDefaults: models.defaults,
    live,
    leaseOptions: { owner: leaseOwnerOf(settings), ttlMs: settings.ARENA_LEASE_TTL_MS },
    close: async () => {
      await live.close();
      await bus.close();
      await store.close();
      await models.close();
    },
  };
}

/** Redis live state when `REDIS_URL` is set (fails when unreachable), else the in-process twin. */
function openLiveState(settings: ArenaSettings, clock: Clock): Promise<LiveState> {
  if (!settings.REDIS_URL) return Promise.resolve(createMemoryLiveState({ clock }));
  return openRedisLiveState({ url: settings.REDIS_URL, keyPrefix: settings.ARENA_REDIS_PREFIX });
}
