import { randomBytes } from 'node:crypto';
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { safeDecodeMessage } from './codec';
import { createDeduplicator } from './dedupe';
import type { KafkaBusLogEntry } from './kafka-client';
import { isUnknownTopic, topicOffsets, type PartitionOffsets } from './kafka-admin';
import type { Assignment, BusHandler, BusMessage, SubscribeOptions } from './message-bus';
import { partitionForKey } from './partition';
import { runWithRetry, type RetryPolicy } from './retry';
import { DEFAULT_PARTITIONS } from './topic-names';

/** A message no handler could take, on its way to the dead-letter topic. */
export interface FailedMessage {
  /** Catalogue name of its topic. */
  topic: string;
  partition: number;
  message: KafkaMessage;
  error: unknown;
  /** Handler runs (0 when it could not be decoded). */
  attempts: number;
  group: string | null;
}

/** What a subscription needs from its bus. */
export interface SubscriptionContext {
  kafka: Kafka;
  admin: Admin;
  clientId: string;
  /** Name on the broker of a catalogue/topic name. */
  physical: (topic: string) => string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxWaitTimeMs: number;
  validate: boolean;
  retry: RetryPolicy;
  /** Writes the message to the dead-letter topic; resolves once acknowledged. */
  deadLetter: (failed: FailedMessage) => Promise<void>;
  /** `onError` of the bus. */
  report: (err: unknown, msg: BusMessage) => void;
  log: (entry: KafkaBusLogEntry) => void;
}

/** A running subscription. */
export interface KafkaSubscription {
  /** Finish the message in hand, commit, leave the group, disconnect. Safe to call twice. */
  stop(): Promise<void>;
}

/** Most partitions of one subscription handled at the same time. */
const MAX_CONCURRENT_PARTITIONS = 12;

/** Offsets before the subscription starts; an unknown topic (created on first use) has none. */
async function snapshot(
  admin: Admin,
  physicalTopic: string,
): Promise<Map<number, PartitionOffsets>> {
  try {
    return new Map((await topicOffsets(admin, physicalTopic)).map((o) => [o.partition, o]));
  } catch (error) {
    if (isUnknownTopic(error)) return new Map();
    throw error;
  }
}

async function committedOffsets(
  admin: Admin,
  groupId: string,
  physicalTopic: string,
): Promise<Map<number, string>> {
  const [topic] = await admin.fetchOffsets({ groupId, topics: [physicalTopic] });
  return new Map((topic?.partitions ?? []).map((p) => [p.partition, p.offset]));
}

/**
 * Subscribe one kafkajs consumer to a topic. Broadcast subscribers get a private group
 * `<clientId>.<random>`; group subscribers share theirs. On every join, partitions the group has
 * never committed start where the subscription asked — the end offsets snapshotted before it
 * started (so nothing published once `subscribe` resolved is missed), or the oldest retained
 * message with `fromBeginning` — and that start is committed at once, so a later owner of the
 * partition continues from it. Resolves once the first join has placed every partition.
 *
 * Per message: decode → skip if already handled → handler under the retry policy → dead-letter
 * topic when it keeps failing or cannot be decoded. Offsets advance only after the handler
 * finished or the dead letter was acknowledged; partitions run concurrently, each in order.
 */
export async function startSubscription(
  ctx: SubscriptionContext,
  topic: string,
  handler: BusHandler,
  options: SubscribeOptions,
): Promise<KafkaSubscription> {
  const physicalTopic = ctx.physical(topic);
  const starts = await snapshot(ctx.admin, physicalTopic);
  let partitionCount = starts.size;
  const broadcast = options.group === undefined;
  const groupId = options.group ?? `${ctx.clientId}.${randomBytes(6).toString('hex')}`;
  const newConsumer = (): Consumer =>
    ctx.kafka.consumer({
      groupId,
      sessionTimeout: ctx.sessionTimeoutMs,
      heartbeatInterval: ctx.heartbeatIntervalMs,
      maxWaitTimeInMs: ctx.maxWaitTimeMs,
      allowAutoTopicCreation: true,
    });
  let consumer: Consumer = newConsumer();
  let stopping: Promise<void> | null = null;
  const seen = createDeduplicator();
  const group = options.group ?? null;
  let generation = 0;
  let joined = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const startOf = (partition: number): string => {
    const known = starts.get(partition);
    if (!known) return '0';
    return options.fromBeginning ? known.low : known.high;
  };

  async function place(gen: number, partitions: readonly number[]): Promise<void> {
    try {
      const firstBroadcastJoin = broadcast && !joined;
      joined = true;
      const committed = firstBroadcastJoin
        ? new Map<number, string>()
        : await committedOffsets(ctx.admin, groupId, physicalTopic);
      if (partitionCount === 0 || partitions.some((p) => p >= partitionCount)) {
        partitionCount =
          (await topicOffsets(ctx.admin, physicalTopic)).length || DEFAULT_PARTITIONS;
      }
      if (gen !== generation) return;
      for (const partition of partitions) {
        if ((committed.get(partition) ?? '-1') === '-1') {
          consumer.seek({ topic: physicalTopic, partition, offset: startOf(partition) });
        }
      }
    } catch (error) {
      ctx.log({
        level: 'error',
        message: `Cannot place the partitions of ${physicalTopic} for group ${groupId}; the consumer's reset policy applies`,
        error: (error as Error).message,
      });
    } finally {
      // A subscription being stopped may no longer have a running consumer to resume.
      if (gen === generation && stopping === null) {
        announce(partitions);
        try {
          consumer.resume([{ topic: physicalTopic }]);
        } catch (error) {
          ctx.log({
            level: 'warn',
            message: `Cannot resume the consumer of ${physicalTopic} (group ${groupId}) after a rebalance`,
            error: (error as Error).message,
          });
        }
      }
      markReady();
    }
  }

  function announce(partitions: readonly number[]): void {
    if (!options.onAssignment) return;
    const owned = new Set(partitions);
    const count = partitionCount;
    const assignment: Assignment = {
      partitions: [...partitions],
      owns: (key) => owned.has(partitionForKey(key, count)),
    };
    try {
      options.onAssignment(assignment);
    } catch (error) {
      ctx.log({
        level: 'error',
        message: `onAssignment of group ${groupId} failed`,
        error: (error as Error).message,
      });
    }
  }

  async function eachMessage(
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ) {
    const decoded = safeDecodeMessage(topic, message, { validate: ctx.validate });
    if (!decoded.ok) {
      ctx.log({
        level: 'error',
        message: `Undecodable message on ${physicalTopic} moved to the dead letters`,
        code: decoded.error.code,
        error: decoded.error.message,
        partition,
        offset: message.offset,
      });
      await ctx.deadLetter({ topic, partition, message, error: decoded.error, attempts: 0, group });
      return;
    }
    const msg = decoded.value;
    if (seen.isDuplicate(msg)) return;
    const outcome = await runWithRetry(() => handler(msg), ctx.retry, { beforeWait: heartbeat });
    if (outcome.ok) {
      seen.markHandled(msg);
      return;
    }
    await ctx.deadLetter({
      topic,
      partition,
      message,
      error: outcome.error,
      attempts: outcome.attempts,
      group,
    });
    ctx.report(outcome.error, msg);
  }

  /** Connect, subscribe and run `current`, with the listeners that place and relaunch it. */
  async function run(current: Consumer): Promise<void> {
    current.on(current.events.GROUP_JOIN, ({ payload }) => {
      if (current !== consumer) return;
      generation += 1;
      const partitions = [...(payload.memberAssignment[physicalTopic] ?? [])].sort((a, b) => a - b);
      // Hold fetching until the partitions are placed; kafkajs applies seeks before its next fetch.
      current.pause([{ topic: physicalTopic }]);
      void place(generation, partitions);
    });
    current.on(current.events.CRASH, ({ payload }) => {
      const relaunch = !payload.restart && stopping === null && current === consumer;
      ctx.log({
        level: 'error',
        message: `The consumer of ${physicalTopic} (group ${groupId}) crashed${payload.restart ? '; kafkajs restarts it' : relaunch ? '; starting a new one' : ''}`,
        error: payload.error.message,
      });
      if (relaunch) void relaunchAfter(current);
    });
    await current.connect();
    await current.subscribe({
      topics: [physicalTopic],
      fromBeginning: options.fromBeginning ?? false,
    });
    await current.run({
      partitionsConsumedConcurrently: Math.min(
        MAX_CONCURRENT_PARTITIONS,
        Math.max(1, partitionCount),
      ),
      eachMessage: ({ partition, message, heartbeat }) =>
        eachMessage(partition, message, heartbeat),
    });
  }

  /**
   * kafkajs gives up on a consumer after an error it deems fatal (a broker answering a group
   * request with INVALID_REQUEST during a rebalance, say). The subscription must not go quiet:
   * a new consumer joins the same group with the same handler and dedupe, and continues from
   * the group's committed offsets. Retried with a growing pause until it runs or `stop` is called.
   */
  async function relaunchAfter(crashed: Consumer): Promise<void> {
    await crashed.disconnect().catch(() => undefined);
    for (let attempt = 0; stopping === null; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * 2 ** attempt)));
      if (stopping !== null) return;
      const next = newConsumer();
      consumer = next;
      try {
        await run(next);
        return;
      } catch (error) {
        ctx.log({
          level: 'error',
          message: `Cannot start a new consumer of ${physicalTopic} (group ${groupId})`,
          error: (error as Error).message,
        });
        await next.disconnect().catch(() => undefined);
      }
    }
  }

  try {
    await run(consumer);
    await ready;
  } catch (error) {
    stopping = consumer.disconnect().catch(() => undefined);
    await stopping;
    throw error;
  }

  return {
    stop: () => (stopping ??= consumer.disconnect()),
  };
}
