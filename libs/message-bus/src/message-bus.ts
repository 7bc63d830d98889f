import type { GameCommand, GameEvent } from '@arena/models';

/** What travels on the bus: game events (every topic but commands) and orchestration commands. */
export type BusValue = GameEvent | GameCommand;

/** One delivered message. Treat it as read-only: every subscriber sees the same one. */
export interface BusMessage {
  /** The topic's catalogue name (without any deployment prefix). */
  topic: string;
  /** The game id, so that one game's messages stay ordered. */
  key: string;
  value: BusValue;
  /**
   * Caller headers plus the envelope (see `ENVELOPE_HEADERS`): `arena-envelope`, `kind`, `type`,
   * `schema-version`, `game-id`, `seq` (events only), `event-id`, `causation-id`, `produced-at`.
   */
  headers: Record<string, string>;
}

/** A message to publish; the bus adds the envelope headers. */
export interface OutgoingMessage {
  key: string;
  value: BusValue;
  headers?: Record<string, string>;
}

export type BusHandler = (message: BusMessage) => void | Promise<void>;

/** What a consumer group member owns after a rebalance. */
export interface Assignment {
  /** Partitions of the topic assigned to this member. */
  partitions: readonly number[];
  /** True when messages keyed `key` land on a partition this member owns. */
  owns(key: string): boolean;
}

export interface SubscribeOptions {
  /**
   * Subscribers sharing a group divide the topic's partitions: each message reaches one of
   * them, and progress is committed for the group, so a new member resumes where the group
   * stopped. Without a group the subscriber receives every message published once it is ready.
   */
  group?: string;
  /** For a group with no committed progress: start at the oldest retained message. @default false */
  fromBeginning?: boolean;
  /** Called after every rebalance of a group subscription with what this member now owns. */
  onAssignment?: (assignment: Assignment) => void;
}

/** Stops a subscription; resolves once its in-flight message is handled and progress committed. */
export type Unsubscribe = () => Promise<void>;

/** A message that could not be handled, kept on the dead-letter topic. */
export interface DeadLetter {
  /** Stable id to replay it by (`<partition>:<offset>` of the dead-letter topic). */
  id: string;
  /** Catalogue name of the topic the message came from. */
  topic: string;
  /** Where it was on that topic (null on the in-process bus). */
  partition: number | null;
  offset: string | null;
  key: string | null;
  /** The original headers, unchanged. */
  headers: Record<string, string>;
  /** The original body: UTF-8 text, or base64 when `encoding` says so (gzip, binary). */
  value: string;
  encoding: 'utf8' | 'base64';
  error: {
    /** `BUS_DECODE_FAILED`, `BUS_INVALID_MESSAGE`, or the handler error's code (`HANDLER_FAILED` when it has none). */
    code: string;
    message: string;
    /** How many times the handler ran (0 when the message could not be decoded). */
    attempts: number;
  };
  /** The consumer group that gave up on it (null for a subscriber without a group). */
  group: string | null;
  /** ISO-8601 time it was dead-lettered. */
  failedAt: string;
}

/** Reading and re-publishing dead letters (`arena dlq list|replay`). */
export interface DeadLetters {
  /** Dead letters, oldest first. */
  list(options?: { limit?: number }): Promise<DeadLetter[]>;
  /**
   * Publish the named dead letters (or all, with `'all'`) again to their original topics with
   * their original key, body and headers; returns how many were published. Unknown ids throw
   * `BUS_UNKNOWN_DEAD_LETTER` and nothing is published.
   */
  replay(ids: readonly string[] | 'all'): Promise<number>;
}

/** One catalogue topic as the broker has it. */
export interface TopicState {
  /** Catalogue name (`arena.game-events`). */
  name: string;
  /** Name on the broker (the deployment prefix + name). */
  physicalName: string;
  /** False when the broker does not have it (yet): it is created on first use where allowed. */
  exists: boolean;
  /** Partitions on the broker (null when it does not exist). */
  partitions: number | null;
}

export interface TopicCreateResult {
  name: string;
  physicalName: string;
  outcome: 'created' | 'exists' | 'failed';
  /** Why creation failed (the broker forbids it, the request is unsupported…). */
  reason?: string;
}

export interface TopicPartitionState {
  partition: number;
  leader: number | null;
  replicas: number[];
  /** Oldest and next offsets, as decimal strings. */
  low: string;
  high: string;
}

export interface TopicDescription extends TopicState {
  partitionDetails: TopicPartitionState[];
  /** Broker configs when the broker reports them (retention.ms, cleanup.policy…), else null. */
  configs: Record<string, string> | null;
}

/** The bus's view of its topics (`arena topics list|create|describe`). */
export interface TopicAdmin {
  /** Every catalogue topic with its state on the broker. */
  list(): Promise<TopicState[]>;
  /**
   * Create the named catalogue topics (all when omitted) with their catalogue settings.
   * Best effort: a broker that forbids or does not support creation yields `failed` with the
   * reason; it never throws for that.
   */
  create(names?: readonly string[]): Promise<TopicCreateResult[]>;
  /** One topic in detail. @throws `BUS_UNKNOWN_TOPIC` for a name outside the catalogue. */
  describe(name: string): Promise<TopicDescription>;
}

/** Publish/subscribe transport for game events and commands (in-process or Kafka). */
export interface MessageBus {
  /** `memory` or `kafka`. */
  readonly kind: 'memory' | 'kafka';
  /**
   * Publish in order; key = game id so one game's messages stay ordered. Validates each value
   * (`BUS_INVALID_MESSAGE` naming the field path); an invalid message rejects the whole call
   * and nothing of it is published. Resolves once the messages are accepted (queued in process,
   * acknowledged by the brokers on Kafka).
   */
  publish(topic: string, messages: ReadonlyArray<OutgoingMessage>): Promise<void>;
  /**
   * Handlers for a topic receive each game's messages in publish order, at least once (a
   * repeated event — same game id and seq — or command id is skipped). Resolves once the
   * subscription is ready, with the function that ends it. A handler that keeps failing after
   * the retry policy, or a message that cannot be decoded, goes to the dead letters, is reported
   * to `onError`, and the subscription moves on.
   */
  subscribe(topic: string, handler: BusHandler, options?: SubscribeOptions): Promise<Unsubscribe>;
  readonly deadLetters: DeadLetters;
  readonly topics: TopicAdmin;
  /** Stop accepting messages, finish delivering those already published, commit, release resources. */
  close(): Promise<void>;
}
