import { createDeduplicator, type Deduplicator } from './dedupe';
import { DLQ_HEADERS, failureHeaders, selectDeadLetters } from './dead-letters';
import { busClosed, reportToConsole } from './errors';
import type {
  Assignment,
  BusHandler,
  BusMessage,
  DeadLetter,
  MessageBus,
  SubscribeOptions,
  TopicAdmin,
} from './message-bus';
import { checkTopic, outgoingMessages } from './outgoing-messages';
import { partitionForKey } from './partition';
import { RetryPolicySchema, runWithRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { catalogueTopic, catalogueTopics, DEFAULT_PARTITIONS } from './topic-names';
import { topicSpec } from './topics';

export interface InMemoryBusOptions {
  /** Check every published value with its schema (event or command). @default true */
  validate?: boolean;
  /**
   * Receives every message that went to the dead letters (its handler kept failing after the
   * retry policy) with the last error. @default console.error
   */
  onError?: (err: unknown, msg: BusMessage) => void;
  /** How a failing handler is retried. @default DEFAULT_RETRY_POLICY */
  retry?: RetryPolicy;
  /** Clock for `produced-at` and dead letters' `failedAt`. @default () => new Date() */
  now?: () => Date;
}

/** One subscriber's own queue, so a slow handler only ever delays itself. */
interface Subscriber {
  handler: BusHandler;
  queue: BusMessage[];
  /** Index of the next message to deliver in `queue`. */
  head: number;
  active: boolean;
  /** Settles when the current delivery run has emptied the queue; null when idle. */
  running: Promise<void> | null;
  /** Shared by the members of a group, so a key that moves keeps its memory. */
  seen: Deduplicator;
  group: Group | null;
  onAssignment?: (assignment: Assignment) => void;
}

/** Members of one consumer group on one topic; they split the topic's partitions. */
interface Group {
  name: string;
  partitions: number;
  members: Subscriber[];
  seen: Deduplicator;
}

interface TopicSubscribers {
  broadcast: Set<Subscriber>;
  groups: Map<string, Group>;
  /** Messages published per partition, for `topics.describe`. */
  published: number[];
}

interface StoredDeadLetter {
  id: string;
  letter: DeadLetter;
  message: BusMessage;
}

/** Drop delivered messages once they make up most of a long queue. */
const COMPACT_AFTER = 1024;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

const partitionsOf = (topic: string) => topicSpec(topic)?.partitions ?? DEFAULT_PARTITIONS;

/** The partitions member `index` of `count` owns: every `count`-th, starting at `index`. */
function assignmentFor(group: Group, index: number): Assignment {
  const count = group.members.length;
  const partitions = Array.from({ length: group.partitions }, (_, p) => p).filter(
    (p) => p % count === index,
  );
  const owned = new Set(partitions);
  return { partitions, owns: (key) => owned.has(partitionForKey(key, group.partitions)) };
}

/**
 * In-process message bus: each subscriber has its own queue, `publish` resolves once messages
 * are queued, and every subscriber receives its topic's messages in publish order. Members of a
 * group split the topic's keys by partition (the same murmur2 partitioner as Kafka); a handler
 * that keeps failing after the retry policy sends the message to the dead letters, kept in
 * memory. Nothing is retained for later subscribers (`fromBeginning` has nothing to replay).
 *
 * @example
 * const bus = createInMemoryBus();
 * const unsubscribe = await bus.subscribe(TOPICS.gameEvents, (msg) => console.log(msg.value.type));
 * await bus.publish(TOPICS.gameEvents, [{ key: event.gameId, value: event }]);
 * await unsubscribe();
 */
export function createInMemoryBus(options: InMemoryBusOptions = {}): MessageBus {
  const validate = options.validate ?? true;
  const onError = options.onError ?? reportToConsole;
  const retry = RetryPolicySchema.parse(options.retry ?? DEFAULT_RETRY_POLICY);
  const now = options.now ?? (() => new Date());
  const topics = new Map<string, TopicSubscribers>();
  const deadLetters: StoredDeadLetter[] = [];
  let closed = false;

  function report(err: unknown, msg: BusMessage): void {
    try {
      onError(err, msg);
    } catch {
      // An error reporter that fails has nowhere left to report to; delivery must go on.
    }
  }

  function subscribersOf(topic: string): TopicSubscribers {
    let subs = topics.get(topic);
    if (!subs) {
      subs = {
        broadcast: new Set(),
        groups: new Map(),
        published: new Array<number>(partitionsOf(topic)).fill(0),
      };
      topics.set(topic, subs);
    }
    return subs;
  }

  function deadLetter(sub: Subscriber, msg: BusMessage, error: unknown, attempts: number): void {
    const failedAt = now();
    const headers = failureHeaders({
      error,
      attempts,
      topic: msg.topic,
      partition: null,
      offset: null,
      group: sub.group?.name ?? null,
      failedAt,
    });
    const id = `0:${deadLetters.length}`;
    const letter: DeadLetter = {
      id,
      topic: msg.topic,
      partition: null,
      offset: null,
      key: msg.key,
      headers: msg.headers,
      value: JSON.stringify(msg.value),
      encoding: 'utf8',
      error: {
        code: headers[DLQ_HEADERS.errorCode] as string,
        message: headers[DLQ_HEADERS.errorMessage] as string,
        attempts,
      },
      group: sub.group?.name ?? null,
      failedAt: failedAt.toISOString(),
    };
    deadLetters.push({ id, letter, message: msg });
    report(error, msg);
  }

  async function handle(sub: Subscriber, msg: BusMessage): Promise<void> {
    if (sub.seen.isDuplicate(msg)) return;
    const outcome = await runWithRetry(() => sub.handler(msg), retry);
    if (outcome.ok) sub.seen.markHandled(msg);
    else deadLetter(sub, msg, outcome.error, outcome.attempts);
  }

  async function deliver(sub: Subscriber): Promise<void> {
    // Start after the publisher's call returns, never inside it.
    await Promise.resolve();
    while (sub.active && sub.head < sub.queue.length) {
      const msg = sub.queue[sub.head] as BusMessage;
      sub.head += 1;
      if (sub.head >= COMPACT_AFTER && sub.head * 2 >= sub.queue.length) {
        sub.queue = sub.queue.slice(sub.head);
        sub.head = 0;
      }
      await handle(sub, msg);
    }
    sub.running = null;
  }

  function enqueue(sub: Subscriber, msg: BusMessage): void {
    sub.queue.push(msg);
    sub.running ??= deliver(sub);
  }

  function ownerOf(group: Group, partition: number): Subscriber {
    return group.members[partition % group.members.length] as Subscriber;
  }

  function route(subs: TopicSubscribers, msg: BusMessage): void {
    const partition = partitionForKey(msg.key, subs.published.length);
    subs.published[partition] = (subs.published[partition] ?? 0) + 1;
    for (const sub of subs.broadcast) enqueue(sub, msg);
    for (const group of subs.groups.values()) enqueue(ownerOf(group, partition), msg);
  }

  function announce(group: Group): void {
    group.members.forEach((member, index) => {
      try {
        member.onAssignment?.(assignmentFor(group, index));
      } catch (error) {
        console.error(`onAssignment of group ${group.name} failed:`, error);
      }
    });
  }

  function join(subs: TopicSubscribers, topic: string, sub: Subscriber, name: string): Group {
    let group = subs.groups.get(name);
    if (!group) {
      group = { name, partitions: partitionsOf(topic), members: [], seen: createDeduplicator() };
      subs.groups.set(name, group);
    }
    group.members.push(sub);
    return group;
  }

  function leave(subs: TopicSubscribers, sub: Subscriber): void {
    const group = sub.group;
    if (!group) {
      subs.broadcast.delete(sub);
      return;
    }
    group.members = group.members.filter((member) => member !== sub);
    const pending = sub.queue.slice(sub.head);
    if (group.members.length === 0) {
      subs.groups.delete(group.name);
      return;
    }
    announce(group);
    // What the leaving member had not started goes to the new owners, as Kafka redelivers it.
    for (const msg of pending) {
      enqueue(ownerOf(group, partitionForKey(msg.key, group.partitions)), msg);
    }
  }

  const admin: TopicAdmin = {
    async list() {
      return catalogueTopics().map((t) => ({
        name: t.name,
        physicalName: t.name,
        exists: true,
        partitions: t.partitions,
      }));
    },
    async create(names) {
      return catalogueTopics(names).map((t) => ({
        name: t.name,
        physicalName: t.name,
        outcome: 'exists' as const,
      }));
    },
    async describe(name) {
      const spec = catalogueTopic(name);
      const published = topics.get(name)?.published;
      return {
        name,
        physicalName: name,
        exists: true,
        partitions: spec.partitions,
        partitionDetails: Array.from({ length: spec.partitions }, (_, partition) => ({
          partition,
          leader: null,
          replicas: [],
          low: '0',
          high: String(published?.[partition] ?? 0),
        })),
        configs: null,
      };
    },
  };

  return {
    kind: 'memory',

    async publish(topic, messages) {
      if (closed) throw busClosed();
      const prepared = outgoingMessages(topic, messages, { validate, now }).map((msg) =>
        Object.freeze({
          ...msg,
          value: deepFreeze(validate ? msg.value : structuredClone(msg.value)),
          headers: Object.freeze(msg.headers),
        }),
      );
      const subs = subscribersOf(topic);
      for (const msg of prepared) route(subs, msg);
    },

    async subscribe(topic, handler, subscribeOptions: SubscribeOptions = {}) {
      if (closed) throw busClosed();
      checkTopic(topic);
      const subs = subscribersOf(topic);
      const sub: Subscriber = {
        handler,
        queue: [],
        head: 0,
        active: true,
        running: null,
        seen: createDeduplicator(),
        group: null,
        onAssignment: subscribeOptions.onAssignment,
      };
      if (subscribeOptions.group === undefined) {
        subs.broadcast.add(sub);
      } else {
        sub.group = join(subs, topic, sub, subscribeOptions.group);
        sub.seen = sub.group.seen;
        announce(sub.group);
      }
      return async () => {
        if (!sub.active) return;
        sub.active = false;
        leave(subs, sub);
        sub.queue = [];
        sub.head = 0;
        await sub.running;
      };
    },

    deadLetters: {
      async list(listOptions = {}) {
        const all = deadLetters.map((stored) => stored.letter);
        return listOptions.limit === undefined ? all : all.slice(0, listOptions.limit);
      },
      async replay(ids) {
        if (closed) throw busClosed();
        const chosen = selectDeadLetters(deadLetters, ids);
        for (const letter of chosen) {
          const msg = letter.message;
          const replayed = Object.freeze({
            ...msg,
            headers: Object.freeze({ ...msg.headers, [DLQ_HEADERS.replayedFrom]: letter.id }),
          });
          route(subscribersOf(msg.topic), replayed);
        }
        return chosen.length;
      },
    },

    topics: admin,

    async close() {
      closed = true;
      const all = () =>
        [...topics.values()].flatMap((subs) => [
          ...subs.broadcast,
          ...[...subs.groups.values()].flatMap((g) => g.members),
        ]);
      // A handler may still be retrying; wait until every queue is drained.
      for (
        let busy = all().filter((s) => s.running);
        busy.length > 0;
        busy = all().filter((s) => s.running)
      ) {
        await Promise.all(busy.map((sub) => sub.running));
      }
      for (const sub of all()) sub.active = false;
      topics.clear();
    },
  };
}
