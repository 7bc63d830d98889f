/**
 * Consumer groups of the Kafka bus against librdkafka's mock cluster: resuming after a commit,
 * a rebalance while messages flow, and redelivery that never applies an event twice.
 */
import type { GameEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKafkaBus, type KafkaBusOptions } from './kafka-bus';
import { startKafkaMock, type KafkaMock } from './kafka-mock';
import type { Assignment, BusMessage, MessageBus } from './message-bus';
import { CONTRACT_RETRY_POLICY, KAFKA_MOCK_BUS_OPTIONS } from './testing';

const PREFIX = 'groups.';
const DELIVERY = { timeout: 30_000, interval: 20 };

let kafka: KafkaMock;
const buses = new Set<MessageBus>();

beforeAll(async () => {
  kafka = await startKafkaMock({ topics: { [`${PREFIX}arena.rebalance`]: 6 } });
});

afterAll(async () => {
  await Promise.all([...buses].map((bus) => bus.close()));
  await kafka?.stop();
});

async function openBus(options: Partial<KafkaBusOptions> = {}): Promise<MessageBus> {
  const bus = await createKafkaBus({
    brokers: kafka.brokers,
    clientId: 'groups',
    topicPrefix: PREFIX,
    ...KAFKA_MOCK_BUS_OPTIONS,
    retry: { ...CONTRACT_RETRY_POLICY, maxAttempts: 1 },
    onError: () => undefined,
    log: () => undefined,
    ...options,
  });
  buses.add(bus);
  return bus;
}

async function closeBus(bus: MessageBus): Promise<void> {
  buses.delete(bus);
  await bus.close();
}

function events(gameId: string, count: number): GameEvent[] {
  return buildLog(gameId, [
    { type: 'game_created', payload: { spec: testSpec() } },
    ...Array.from({ length: count - 1 }, (_, i) => ({
      type: 'turn_started' as const,
      payload: { turn: i + 1, round: 1 },
    })),
  ]);
}

const outgoing = (list: readonly GameEvent[]) =>
  list.map((value) => ({ key: value.gameId, value }));
const idOf = (msg: BusMessage) => msg.headers['event-id'] as string;

/** The item at `index`, which the test knows exists. */
function at<T>(items: readonly T[], index: number): T {
  const item = items.at(index);
  if (item === undefined) throw new Error(`nothing at ${index}`);
  return item;
}

/**
 * An idempotent consumer as a game projection writes one: events are applied by (game id, seq)
 * in order, and one already applied is not applied again however often it is delivered.
 */
class Projection {
  readonly deliveries = new Map<string, number>();
  readonly applied = new Map<string, number[]>();

  apply(msg: BusMessage): void {
    const event = msg.value as GameEvent;
    this.deliveries.set(event.id, (this.deliveries.get(event.id) ?? 0) + 1);
    const log = this.applied.get(event.gameId) ?? [];
    if (event.seq === log.length) log.push(event.seq);
    this.applied.set(event.gameId, log);
  }
}

describe('Kafka bus consumer groups', () => {
  it('resumes a group after its commit, without repeats', async () => {
    const topic = 'arena.resume';
    const group = 'resume-group';
    const publisher = await openBus();
    const first: string[] = [];
    const member = await openBus();
    await member.subscribe(topic, (msg) => void first.push(idOf(msg)), {
      group,
      fromBeginning: true,
    });
    const log = events('g-resume', 10);
    await publisher.publish(topic, outgoing(log.slice(0, 5)));
    await vi.waitFor(() => expect(first).toHaveLength(5), DELIVERY);
    await closeBus(member);

    await publisher.publish(topic, outgoing(log.slice(5)));
    const second: string[] = [];
    const next = await openBus();
    await next.subscribe(topic, (msg) => void second.push(idOf(msg)), {
      group,
      fromBeginning: true,
    });
    await vi.waitFor(() => expect(second).toHaveLength(5), DELIVERY);
    expect(first).toEqual(log.slice(0, 5).map((e) => e.id));
    expect(second).toEqual(log.slice(5).map((e) => e.id));
  });

  it('splits partitions when a second member joins, losing nothing', async () => {
    const topic = 'arena.rebalance';
    const group = 'rebalance-group';
    const publisher = await openBus();
    const projection = new Projection();
    const owners = new Map<string, string>();
    const assignments: Record<'first' | 'second', Assignment[]> = { first: [], second: [] };
    const subscribe = async (name: 'first' | 'second') =>
      (await openBus()).subscribe(
        topic,
        (msg) => {
          projection.apply(msg);
          owners.set(msg.key, name);
        },
        { group, fromBeginning: true, onAssignment: (a) => assignments[name].push(a) },
      );
    await subscribe('first');
    expect(assignments.first.at(-1)?.partitions).toEqual([0, 1, 2, 3, 4, 5]);

    const games = Array.from({ length: 12 }, (_, i) => events(`g-rebalance-${i}`, 30));
    // Events flow before, during and after the second member's join.
    let joined = false;
    const flowing = (async () => {
      for (let seq = 0; seq < 30; seq++) {
        await publisher.publish(topic, outgoing(games.map((game) => at(game, seq))));
        await new Promise((resolve) => setTimeout(resolve, 40));
        while (seq === 15 && !joined) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await subscribe('second');
    joined = true;
    await flowing;

    await vi.waitFor(() => {
      for (const game of games) expect(projection.applied.get(at(game, 0).gameId)).toHaveLength(30);
    }, DELIVERY);
    const [first, second] = [at(assignments.first, -1), at(assignments.second, -1)];
    expect(second.partitions.length).toBeGreaterThan(0);
    expect(first.partitions.length).toBeGreaterThan(0);
    expect([...first.partitions, ...second.partitions].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const game of games) {
      const id = at(game, 0).gameId;
      const owner = first.owns(id) ? 'first' : 'second';
      expect(owners.get(id)).toBe(owner);
      expect(first.owns(id)).not.toBe(second.owns(id));
    }
  });

  it('never applies an event twice when it is delivered again', async () => {
    const topic = 'arena.redelivery';
    const group = 'redelivery-group';
    const log = events('g-redeliver', 8);
    const publisher = await openBus();
    await publisher.publish(topic, outgoing(log.slice(0, 6)));
    const projection = new Projection();

    // A member that crashes before committing: it applied events 0-5, nothing was committed.
    const crashing = new Kafka({
      clientId: 'crash',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
    }).consumer({
      groupId: group,
      sessionTimeout: 3000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 100,
    });
    await crashing.connect();
    await crashing.subscribe({ topics: [`${PREFIX}${topic}`], fromBeginning: true });
    let crashed = 0;
    await crashing.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const value = JSON.parse(message.value?.toString() ?? '{}') as GameEvent;
        projection.apply({ topic, key: value.gameId, value, headers: {} });
        crashed += 1;
      },
    });
    await vi.waitFor(() => expect(crashed).toBe(6), DELIVERY);
    await crashing.disconnect();

    let failing = true;
    const member = await openBus();
    await member.subscribe(
      topic,
      (msg) => {
        if (failing && (msg.value as GameEvent).seq === 7) throw new Error('store down');
        projection.apply(msg);
      },
      { group, fromBeginning: true },
    );
    await publisher.publish(topic, outgoing([2, 6, 3, 7].map((seq) => at(log, seq))));
    await vi.waitFor(async () => {
      const letters = (await member.deadLetters.list()).filter((l) => l.topic === topic);
      expect(letters).toHaveLength(1);
    }, DELIVERY);
    await vi.waitFor(() => expect(projection.deliveries.get('g-redeliver:6')).toBe(1), DELIVERY);
    failing = false;
    expect(await member.deadLetters.replay('all')).toBe(1);
    await vi.waitFor(() => expect(projection.applied.get('g-redeliver')).toHaveLength(8), DELIVERY);

    // Redelivered after the crash: 0-5 reached the bus member once more (the projection did not
    // apply them again); the duplicates published later never reached it.
    expect(Object.fromEntries(projection.deliveries)).toEqual({
      'g-redeliver:0': 2,
      'g-redeliver:1': 2,
      'g-redeliver:2': 2,
      'g-redeliver:3': 2,
      'g-redeliver:4': 2,
      'g-redeliver:5': 2,
      'g-redeliver:6': 1,
      'g-redeliver:7': 1,
    });
    expect(projection.applied.get('g-redeliver')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
