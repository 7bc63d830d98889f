import type { Message, Producer } from 'kafkajs';

/** Messages for one topic (its name on the broker). */
export interface TopicRecords {
  topic: string;
  messages: Message[];
}

export interface BatchingProducerOptions {
  /** A connected kafkajs producer. */
  producer: Producer;
  /** How long the first message of a batch waits for others (0: until the current turn of the event loop ends). */
  lingerMs: number;
  /** Send at once when a batch holds this many bytes. @default 1048576 */
  maxBatchBytes?: number;
  /** Send at once when a batch holds this many messages. @default 10000 */
  maxBatchMessages?: number;
  /** Turns a failed send into the error callers see. */
  toError: (cause: unknown) => unknown;
}

/** Sends messages in shared batches; each caller learns when its own messages are acknowledged. */
export interface BatchingProducer {
  /** Resolves once the brokers acknowledged these messages (acks from all in-sync replicas). */
  send(records: readonly TopicRecords[]): Promise<void>;
  /** Resolves once everything sent so far is acknowledged (or failed). */
  flush(): Promise<void>;
}

interface Batch {
  topics: Map<string, Message[]>;
  bytes: number;
  count: number;
  waiters: Array<{ resolve: () => void; reject: (err: unknown) => void }>;
}

function sizeOf(message: Message): number {
  let bytes = (message.value?.length ?? 0) + (message.key?.length ?? 0);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    bytes +=
      name.length + (typeof value === 'string' || Buffer.isBuffer(value) ? value.length : 16);
  }
  return bytes;
}

/**
 * Batch publishes across topics into `producer.sendBatch` calls: a batch leaves `lingerMs` after
 * its first message, or at once when it is large. One batch is in flight at a time, so a
 * retried batch can never overtake a later one and each key stays in publish order; the next
 * batch fills while the brokers answer. Nothing here waits synchronously.
 *
 * @example
 * const batching = createBatchingProducer({ producer, lingerMs: 2, toError: (e) => e });
 * await batching.send([{ topic: 'arena.game-events', messages: [{ key, value, headers }] }]);
 */
export function createBatchingProducer(options: BatchingProducerOptions): BatchingProducer {
  const maxBytes = options.maxBatchBytes ?? 1_048_576;
  const maxMessages = options.maxBatchMessages ?? 10_000;
  let pending: Batch | null = null;
  let due = false;
  let timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  let inFlight: Promise<void> | null = null;
  const idle: Array<() => void> = [];

  function kick(): void {
    if (inFlight || !pending || !due) {
      if (!inFlight && !pending) for (const done of idle.splice(0)) done();
      return;
    }
    const batch = pending;
    pending = null;
    due = false;
    if (timer) {
      clearTimeout(timer as ReturnType<typeof setTimeout>);
      clearImmediate(timer as ReturnType<typeof setImmediate>);
    }
    timer = null;
    inFlight = options.producer
      .sendBatch({
        acks: -1,
        topicMessages: [...batch.topics].map(([topic, messages]) => ({ topic, messages })),
      })
      .then(
        () => {
          for (const waiter of batch.waiters) waiter.resolve();
        },
        (cause: unknown) => {
          const error = options.toError(cause);
          for (const waiter of batch.waiters) waiter.reject(error);
        },
      )
      .finally(() => {
        inFlight = null;
        kick();
      });
  }

  return {
    send(records) {
      return new Promise<void>((resolve, reject) => {
        const batch: Batch = (pending ??= { topics: new Map(), bytes: 0, count: 0, waiters: [] });
        for (const { topic, messages } of records) {
          const list = batch.topics.get(topic);
          if (list) list.push(...messages);
          else batch.topics.set(topic, [...messages]);
          for (const message of messages) batch.bytes += sizeOf(message);
          batch.count += messages.length;
        }
        batch.waiters.push({ resolve, reject });
        if (batch.bytes >= maxBytes || batch.count >= maxMessages) {
          due = true;
          kick();
        } else if (!timer) {
          const leave = () => {
            timer = null;
            due = true;
            kick();
          };
          // With no linger, the batch still gathers every publish made in the same turn.
          timer = options.lingerMs > 0 ? setTimeout(leave, options.lingerMs) : setImmediate(leave);
        }
      });
    },

    flush() {
      if (!inFlight && !pending) return Promise.resolve();
      return new Promise<void>((resolve) => {
        idle.push(resolve);
        due = true;
        kick();
      });
    },
  };
}
