import { join, resolve } from 'node:path';
import type { MessageBus } from '@arena/message-bus';
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
import { openMessageBus, type ReadSettingFile } from './bus-options';
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
 * Kafka bus with `ARENA_BUS=kafka`, else the in-process bus; Redis or in-process live state, and
 * the content catalog. When one cannot be opened, those already open are closed again.
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
    /** Reads `KAFKA_SSL_CA_FILE`. @default the file system */
    readFile?: ReadSettingFile;
  },
): Promise<ArenaServices> {
  const catalog = options.catalog ?? loadContentCatalog(settings.ARENA_CONTENT_DIR);
  const models = options.models ?? openModelSetup(settings);
  // Closed in reverse order when a later adapter cannot be opened; a model layer handed in
  // belongs to the caller until this function succeeds.
  const opened: Closable[] = options.models ? [] : [models];
  const open = async <T extends Closable>(opening: Promise<T>): Promise<T> => {
    try {
      const adapter = await opening;
      opened.unshift(adapter);
      return adapter;
    } catch (error) {
      for (const adapter of opened) await adapter.close().catch(() => undefined);
      throw error;
    }
  };
  // Ratings move in the same transaction as each game's end (see @arena/scoring ratings).
  const ratings = options.ratings ?? createRatingUpdater();
  const store = await open(
    settings.DATABASE_URL
      ? openPostgresEventStore({ url: settings.DATABASE_URL, ratings })
      : openPgliteWorkerEventStore({
          ...(options.inMemory
            ? {}
            : { dataDir: join(resolve(settings.ARENA_DATA_DIR), 'pglite') }),
          ratings,
        }),
  );
  const bus = await open(openMessageBus(settings, options));
  const live = await open(openLiveState(settings, options.clock));
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

interface Closable {
  close(): Promise<void>;
}

/** Redis live state when `REDIS_URL` is set (fails when unreachable), else the in-process twin. */
function openLiveState(settings: ArenaSettings, clock: Clock): Promise<LiveState> {
  if (!settings.REDIS_URL) return Promise.resolve(createMemoryLiveState({ clock }));
  return openRedisLiveState({ url: settings.REDIS_URL, keyPrefix: settings.ARENA_REDIS_PREFIX });
}
