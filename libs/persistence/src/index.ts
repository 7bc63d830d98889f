export { PERSISTENCE_ERROR_CODES } from './errors';
export { championJson, championVersionJson } from './champion-json';
export type {
  EventStore,
  EventStoreOptions,
  GameFilter,
  GameSummary,
  ListGamesOptions,
  LoadOptions,
} from './event-store';
export { createMemoryEventStore } from './memory-event-store';
export type { Lease, LiveListener, LiveState, PublishOptions } from './live-state';
export { createMemoryLiveState } from './memory-live-state';
export type { MemoryLiveStateOptions } from './memory-live-state';
export { openRedisLiveState } from './redis-live-state';
export type { RedisLiveStateOptions } from './redis-live-state';
export { migratePgliteDatabase, openPgliteEventStore } from './pglite-event-store';
export { openPgliteWorkerEventStore } from './pglite-worker-event-store';
export type { PgliteEventStoreOptions } from './pglite-event-store';
export { migrateDatabase, openPostgresEventStore } from './postgres-event-store';
export type { PostgresConnectionOptions, PostgresEventStoreOptions } from './postgres-event-store';
export type { MigrationReport } from './migrations';
export type {
  ChampionMemoryVersion,
  ChampionSummary,
  FinishedGame,
  ListRatingsOptions,
  Placement,
  RatingPool,
  RatingRow,
  RatingUpdater,
  SeriesGameRow,
  SeriesRecord,
  SeriesStatus,
} from './records';
