import { ArenaError } from '@arena/models';
import { Partitioners, type Admin, type Producer } from 'kafkajs';
import { headerStrings, serializeMessage } from './codec';
import { failureHeaders } from './dead-letters';
import { BUS_ERROR_CODES, busClosed, isBusError, reportToConsole } from './errors';
import { createKafkaTopicAdmin } from './kafka-admin';
import {
  assertSomeBrokerListens,
  busUnavailable,
  createKafkaClient,
  logToStderr,
  resolveKafkaBusOptions,
  withinTimeout,
  type KafkaBusOptions,
} from './kafka-client';
import { startSubscription, type FailedMessage, type KafkaSubscription } from './kafka-consumer';
import { createKafkaDeadLetters } from './kafka-dead-letters';
import { createBatchingProducer, type TopicRecords } from './kafka-producer';
import type { BusMessage, MessageBus } from './message-bus';
import { checkTopic, outgoingMessages } from './outgoing-messages';
import { DEFAULT_RETRY_POLICY } from './retry';
import { TOPICS } from './topics';

export type { KafkaBusLogEntry, KafkaBusOptions } from './kafka-client';

/** Longest topic name Kafka accepts. */
const MAX_TOPIC_LENGTH = 249;
const TOPIC_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * The Kafka message bus (kafkajs). Connects its producer and admin client before resolving;
 * brokers that cannot be reached within `connectionTimeoutMs` give `BUS_UNAVAILABLE` naming
 * them.
 *
 * - `publish` checks the whole call first (nothing is half-published), encodes each message
 *   (envelope headers, JSON body, gzip above `gzipThresholdBytes`), and joins a batch that
 *   leaves after `lingerMs` (acks from all in-sync replicas); it resolves once its batch is
 *   acknowledged. Keys go through Kafka's default partitioner (murmur2), so one game stays on
 *   one partition.
 * - `subscribe` runs one consumer per subscription (see `startSubscription`); failures go to
 *   the dead-letter topic with the original bytes and headers plus `dlq-*` headers.
 * - `topicPrefix` is put in front of every topic on the brokers; messages and dead letters
 *   name catalogue topics.
 *
 * @example
 * const bus = await createKafkaBus({ brokers: ['127.0.0.1:9092'], topicPrefix: 'dev.' });
 * const stop = await bus.subscribe(TOPICS.commands, onCommand, { group: 'arena-runners', fromBeginning: true });
 * await bus.publish(TOPICS.commands, [{ key: command.gameId, value: command }]);
 * await stop();
 * await bus.close();
 */
export async function createKafkaBus(options: KafkaBusOptions): Promise<MessageBus> {
  const settings = resolveKafkaBusOptions(options);
  const { brokers } = settings;
  const now = settings.now ?? (() => new Date());
  const onError = settings.onError ?? reportToConsole;
  const log = settings.log ?? logToStderr;
  await assertSomeBrokerListens(brokers, settings.connectionTimeoutMs);
  const kafka = createKafkaClient(settings);
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: true,
    idempotent: false,
  });
  const admin: Admin = kafka.admin();
  await withinTimeout(
    Promise.all([producer.connect(), admin.connect()]),
    settings.connectionTimeoutMs,
    brokers,
    () => Promise.all([producer.disconnect(), admin.disconnect()]),
  );

  const physical = (topic: string) => `${settings.topicPrefix}${topic}`;
  const batching = createBatchingProducer({
    producer,
    lingerMs: settings.lingerMs,
    toError: (cause) => busUnavailable(brokers, cause),
  });
  const subscriptions = new Set<KafkaSubscription>();
  let closed = false;
  let closing: Promise<void> | null = null;

  function checkOpen(): void {
    if (closed) throw busClosed();
  }

  function checkWireTopic(topic: string): void {
    checkTopic(topic);
    const name = physical(topic);
    if (!TOPIC_NAME.test(name) || name.length > MAX_TOPIC_LENGTH) {
      throw new ArenaError(
        `Topic ${JSON.stringify(name)} is not a valid Kafka topic name (letters, digits, ".", "_", "-"; at most ${MAX_TOPIC_LENGTH})`,
        { code: BUS_ERROR_CODES.INVALID_TOPIC, category: 'user', details: { topic } },
      );
    }
  }

  /** Rethrow this library's own errors; anything else from kafkajs means the brokers failed us. */
  function unavailable(error: unknown): never {
    throw isBusError(error) ? error : busUnavailable(brokers, error);
  }

  function report(err: unknown, msg: BusMessage): void {
    try {
      onError(err, msg);
    } catch {
      // An error reporter that fails has nowhere left to report to; consuming must go on.
    }
  }

  async function deadLetter(failed: FailedMessage): Promise<void> {
    const headers = {
      ...headerStrings(failed.message.headers),
      ...failureHeaders({
        error: failed.error,
        attempts: failed.attempts,
        topic: failed.topic,
        partition: failed.partition,
        offset: failed.message.offset,
        group: failed.group,
        failedAt: now(),
      }),
    };
    await batching.send([
      {
        topic: physical(TOPICS.deadLetters),
        messages: [{ key: failed.message.key, value: failed.message.value, headers }],
      },
    ]);
  }

  const subscriptionContext = {
    kafka,
    admin,
    clientId: settings.clientId,
    physical,
    sessionTimeoutMs: settings.sessionTimeoutMs,
    heartbeatIntervalMs: settings.heartbeatIntervalMs,
    maxWaitTimeMs: settings.maxWaitTimeMs,
    validate: settings.validate,
    retry: settings.retry ?? DEFAULT_RETRY_POLICY,
    deadLetter,
    report,
    log,
  };

  const deadLetters = createKafkaDeadLetters({
    kafka,
    admin,
    clientId: settings.clientId,
    physical,
    send: (records) => batching.send(records),
    sessionTimeoutMs: settings.sessionTimeoutMs,
    heartbeatIntervalMs: settings.heartbeatIntervalMs,
    maxWaitTimeMs: settings.maxWaitTimeMs,
    readTimeoutMs: Math.max(30_000, settings.sessionTimeoutMs * 2),
    checkOpen,
  });
  const topicAdmin = createKafkaTopicAdmin(admin, physical);

  return {
    kind: 'kafka',

    async publish(topic, messages) {
      checkOpen();
      checkWireTopic(topic);
      const checked = outgoingMessages(topic, messages, { validate: settings.validate, now });
      if (checked.length === 0) return;
      const records: TopicRecords = {
        topic: physical(topic),
        messages: checked.map((msg) => serializeMessage(msg, settings.gzipThresholdBytes)),
      };
      await batching.send([records]);
    },

    async subscribe(topic, handler, subscribeOptions = {}) {
      checkOpen();
      checkWireTopic(topic);
      const subscription = await startSubscription(
        subscriptionContext,
        topic,
        handler,
        subscribeOptions,
      ).catch(unavailable);
      if (closed) {
        await subscription.stop();
        throw busClosed();
      }
      subscriptions.add(subscription);
      return async () => {
        subscriptions.delete(subscription);
        await subscription.stop();
      };
    },

    deadLetters: {
      list: (listOptions) => deadLetters.list(listOptions).catch(unavailable),
      replay: (ids) => deadLetters.replay(ids).catch(unavailable),
    },

    topics: {
      list: () => topicAdmin.list().catch(unavailable),
      create: (names) => topicAdmin.create(names).catch(unavailable),
      describe: (name) => topicAdmin.describe(name).catch(unavailable),
    },

    close() {
      closed = true;
      closing ??= (async () => {
        await Promise.all([...subscriptions].map((s) => s.stop()));
        subscriptions.clear();
        await batching.flush();
        await Promise.all([producer.disconnect(), admin.disconnect()]);
      })();
      return closing;
    },
  };
}
