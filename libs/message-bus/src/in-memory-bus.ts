import { busClosed } from './errors';
import type { BusHandler, BusMessage, MessageBus } from './message-bus';
import { checkTopic, outgoingMessages } from './outgoing-messages';

export interface InMemoryBusOptions {
  /** Check every published value with `GameEventSchema`. @default true */
  validate?: boolean;
  /** Receives what a handler threw, with the message it was handling. @default console.error */
  onError?: (err: unknown, msg: BusMessage) => void;
}

/** One subscriber's own queue, so a slow handler only ever delays itself. */
interface Subscription {
  topic: string;
  handler: BusHandler;
  queue: BusMessage[];
  /** Index of the next message to deliver in `queue`. */
  head: number;
  active: boolean;
  /** Settles when the current delivery run has emptied the queue; null when idle. */
  running: Promise<void> | null;
}

/** Drop delivered messages once they make up most of a long queue. */
const COMPACT_AFTER = 1024;

function reportToConsole(err: unknown, msg: BusMessage): void {
  console.error(
    `A handler for ${msg.topic} failed on event ${msg.headers['event-id'] ?? msg.key}:`,
    err,
  );
}

/**
 * In-process message bus: each subscriber has its own queue, `publish` resolves once messages
 * are queued, and every subscriber receives its topic's messages in publish order.
 *
 * @example
 * const bus = createInMemoryBus();
 * const unsubscribe = bus.subscribe(TOPICS.gameEvents, (msg) => console.log(msg.value.type));
 * await bus.publish(TOPICS.gameEvents, [{ key: event.gameId, value: event }]);
 */
export function createInMemoryBus(options: InMemoryBusOptions = {}): MessageBus {
  const validate = options.validate ?? true;
  const onError = options.onError ?? reportToConsole;
  const subscriptions = new Map<string, Set<Subscription>>();
  let closed = false;

  function report(err: unknown, msg: BusMessage): void {
    try {
      onError(err, msg);
    } catch {
      // An error reporter that fails has nowhere left to report to; delivery must go on.
    }
  }

  async function deliver(sub: Subscription): Promise<void> {
    // Start after the publisher's call returns, never inside it.
    await Promise.resolve();
    while (sub.active && sub.head < sub.queue.length) {
      const msg = sub.queue[sub.head] as BusMessage;
      sub.head += 1;
      if (sub.head >= COMPACT_AFTER && sub.head * 2 >= sub.queue.length) {
        sub.queue = sub.queue.slice(sub.head);
        sub.head = 0;
      }
      try {
        await sub.handler(msg);
      } catch (err) {
        report(err, msg);
      }
    }
    sub.running = null;
  }

  function enqueue(sub: Subscription, messages: readonly BusMessage[]): void {
    for (const msg of messages) sub.queue.push(msg);
    sub.running ??= deliver(sub);
  }

  return {
    async publish(topic, messages) {
      if (closed) throw busClosed();
      const prepared = outgoingMessages(topic, messages, { validate });
      for (const sub of subscriptions.get(topic) ?? []) enqueue(sub, prepared);
    },

    subscribe(topic, handler) {
      if (closed) throw busClosed();
      checkTopic(topic);
      const sub: Subscription = { topic, handler, queue: [], head: 0, active: true, running: null };
      const subs = subscriptions.get(topic) ?? new Set<Subscription>();
      subs.add(sub);
      subscriptions.set(topic, subs);
      return () => {
        sub.active = false;
        sub.queue = [];
        sub.head = 0;
        subs.delete(sub);
        if (subs.size === 0 && subscriptions.get(topic) === subs) subscriptions.delete(topic);
      };
    },

    async close() {
      closed = true;
      const all = [...subscriptions.values()].flatMap((subs) => [...subs]);
      await Promise.all(all.map((sub) => sub.running));
      for (const sub of all) sub.active = false;
      subscriptions.clear();
    },
  };
}
