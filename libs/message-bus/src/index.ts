export { BUS_ERROR_CODES } from './errors';
export { createInMemoryBus } from './in-memory-bus';
export type { InMemoryBusOptions } from './in-memory-bus';
export type { BusHandler, BusMessage, MessageBus, OutgoingMessage } from './message-bus';
export { TOPICS } from './topics';
