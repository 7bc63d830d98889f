export {
  DEFAULT_GZIP_THRESHOLD_BYTES,
  decodeMessage,
  encodeMessage,
  safeDecodeMessage,
  serializeMessage,
} from './codec';
export type { DecodeOptions, EncodedMessage, EncodeOptions, WireMessage } from './codec';
export { DLQ_HEADERS } from './dead-letters';
export { createDeduplicator } from './dedupe';
export type { Deduplicator, DeduplicatorOptions } from './dedupe';
export { ENVELOPE_HEADERS, ENVELOPE_VERSION, valueKind } from './envelope';
export type { BusValueKind } from './envelope';
export { BUS_ERROR_CODES } from './errors';
export { createInMemoryBus } from './in-memory-bus';
export type { InMemoryBusOptions } from './in-memory-bus';
export { createKafkaBus } from './kafka-bus';
export type { KafkaBusLogEntry, KafkaBusOptions } from './kafka-bus';
export type {
  Assignment,
  BusHandler,
  BusMessage,
  BusValue,
  DeadLetter,
  DeadLetters,
  MessageBus,
  OutgoingMessage,
  SubscribeOptions,
  TopicAdmin,
  TopicCreateResult,
  TopicDescription,
  TopicPartitionState,
  TopicState,
  Unsubscribe,
} from './message-bus';
export { partitionForKey } from './partition';
export { publishGameEvents } from './publish-game-events';
export {
  DEFAULT_RETRY_POLICY,
  RetryPolicySchema,
  isRetriable,
  retryDelayMs,
  runWithRetry,
} from './retry';
export type { RetryOutcome, RetryPolicy, RetryRunOptions } from './retry';
export { CATALOGUE_TOPICS, EVENT_ROUTES, TOPIC_CATALOGUE, TOPICS, topicSpec } from './topics';
export type { TopicKey, TopicSpec } from './topics';
