import { ArenaError } from '@arena/models';
import { randomBytes } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import { headerStrings } from './codec';
import { DLQ_HEADERS, parseDeadLetter, selectDeadLetters } from './dead-letters';
import { BUS_ERROR_CODES } from './errors';
import { isUnknownTopic, topicOffsets } from './kafka-admin';
import type { TopicRecords } from './kafka-producer';
import type { DeadLetter, DeadLetters } from './message-bus';
import { TOPICS } from './topics';

export interface KafkaDeadLettersContext {
  kafka: Kafka;
  admin: Admin;
  clientId: string;
  physical: (topic: string) => string;
  /** Publishes raw records; resolves once acknowledged. */
  send: (records: TopicRecords[]) => Promise<void>;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxWaitTimeMs: number;
  /** Give up reading the dead-letter topic after this long. */
  readTimeoutMs: number;
  /** Fails with the right error when the bus is closed. */
  checkOpen: () => void;
}

interface StoredDeadLetter {
  letter: DeadLetter;
  value: Buffer | null;
}

/**
 * The dead-letter topic read and replayed (`arena dlq list|replay`). Reading uses a throwaway
 * consumer group that reads from the beginning up to the end offsets taken when the read
 * started, commits nothing, and leaves.
 */
export function createKafkaDeadLetters(ctx: KafkaDeadLettersContext): DeadLetters {
  const dlqTopic = ctx.physical(TOPICS.deadLetters);

  async function readAll(): Promise<StoredDeadLetter[]> {
    const offsets = await topicOffsets(ctx.admin, dlqTopic).catch((error: unknown) => {
      // No dead-letter topic yet (a broker that does not auto-create it): no dead letters.
      if (isUnknownTopic(error)) return [];
      throw error;
    });
    const ends = offsets.filter((o) => BigInt(o.high) > BigInt(o.low));
    if (ends.length === 0) return [];
    const last = new Map(ends.map((o) => [o.partition, BigInt(o.high) - 1n]));
    const entries: Array<StoredDeadLetter & { partition: number; offset: bigint }> = [];
    const consumer = ctx.kafka.consumer({
      groupId: `${ctx.clientId}.dlq.${randomBytes(6).toString('hex')}`,
      sessionTimeout: ctx.sessionTimeoutMs,
      heartbeatInterval: ctx.heartbeatIntervalMs,
      maxWaitTimeInMs: ctx.maxWaitTimeMs,
    });
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [dlqTopic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const offset = BigInt(message.offset);
          const end = last.get(partition);
          if (end === undefined || offset > end) return;
          const headers = headerStrings(message.headers);
          entries.push({
            partition,
            offset,
            value: message.value,
            letter: parseDeadLetter(`${partition}:${message.offset}`, {
              key: message.key?.toString('utf8') ?? null,
              value: message.value,
              headers,
            }),
          });
          if (offset === end) {
            last.delete(partition);
            if (last.size === 0) finish();
          }
        },
      });
      await Promise.race([
        finished,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new ArenaError(
                  `Could not read the dead-letter topic ${dlqTopic} to its end within ${ctx.readTimeoutMs} ms`,
                  {
                    code: BUS_ERROR_CODES.UNAVAILABLE,
                    retriable: true,
                    details: { topic: dlqTopic },
                  },
                ),
              ),
            ctx.readTimeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
    }
    return entries
      .sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : 1))
      .map(({ letter, value }) => ({ letter, value }));
  }

  return {
    async list(options = {}) {
      ctx.checkOpen();
      const letters = (await readAll()).map((entry) => entry.letter);
      return options.limit === undefined ? letters : letters.slice(0, options.limit);
    },

    async replay(ids) {
      ctx.checkOpen();
      const stored = await readAll();
      const chosen = selectDeadLetters(
        stored.map((entry) => ({ ...entry, id: entry.letter.id })),
        ids,
      );
      const records: TopicRecords[] = chosen.map(({ letter, value }) => {
        if (!letter.topic) {
          throw new ArenaError(`Dead letter ${letter.id} does not say which topic it came from`, {
            code: BUS_ERROR_CODES.INVALID_TOPIC,
            details: { id: letter.id },
          });
        }
        return {
          topic: ctx.physical(letter.topic),
          messages: [
            {
              key: letter.key,
              value,
              headers: { ...letter.headers, [DLQ_HEADERS.replayedFrom]: letter.id },
            },
          ],
        };
      });
      if (records.length > 0) await ctx.send(records);
      return records.length;
    },
  };
}
