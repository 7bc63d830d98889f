export { PERSISTENCE_ERROR_CODES } from './errors';
export type { EventStore, GameSummary, ListGamesOptions, LoadOptions } from './event-store';
export { createMemoryEventStore } from './memory-event-store';
export { openPgliteEventStore } from './pglite-event-store';
export { openPgliteWorkerEventStore } from './pglite-worker-event-store';
export type { PgliteEventStoreOptions } from './pglite-event-store';
