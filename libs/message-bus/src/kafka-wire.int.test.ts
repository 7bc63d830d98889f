/**
 * The Kafka bus on the wire, against librdkafka's mock cluster: what the brokers hold (read back
 * with raw kafkajs), poison messages injected by another producer, topic admin, unreachable
 * brokers.
 */
import type { GameEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { Kafka, Partitioners, logLevel, type IHeaders, type KafkaMessage } from 'kafkajs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeMessage } from './codec';
import { BUS_ERROR_CODES } from './errors';
import { createKafkaBus, type KafkaBusLogEntry, type KafkaBusOptions } from './kafka-bus';
import { startKafkaMock, type KafkaMock } from './kafka-mock';
import type { BusMessage, MessageBus } from './message-bus';
import { CONTRACT_RETRY_POLICY, KAFKA_MOCK_BUS_OPTIONS } from './testing';
import { partitionForKey } from './partition';
import { CATALOGUE_TOPICS, TOPICS } from './topics';

const PREFIX = 'wire.';
const PRECREATED = { [`${PREFIX}${TOPICS.gameEvents}`]: 6, [`${PREFIX}${TOPICS.verdicts}`]: 3 };
const DELIVERY = { timeout: 30_000, interval: 20 };

let kafka: KafkaMock;
let raw: Kafka;
const buses: MessageBus[] = [];
const logs: KafkaBusLogEntry[] = [];

beforeAll(async () => {
  kafka = await startKafkaMock({ topics: PRECREATED });
  raw = new Kafka({ clientId: 'wire-raw', brokers: kafka.brokers, logLevel: logLevel.NOTHING });
});

afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  await kafka?.stop();
});

async function openBus(options: Partial<KafkaBusOptions> = {}): Promise<MessageBus> {
  const bus = await createKafkaBus({
    brokers: kafka.brokers,
    clientId: 'wire',
    topicPrefix: PREFIX,
    ...KAFKA_MOCK_BUS_OPTIONS,
    retry: { ...CONTRACT_RETRY_POLICY, maxAttempts: 2 },
    onError: () => undefined,
    log: (entry) => logs.push(entry),
    ...options,
  });
  buses.push(bus);
  return bus;
}

function turns(gameId: string, count: number, text = ''): GameEvent[] {
  return buildLog(gameId, [
    { type: 'game_created', payload: { spec: testSpec() } },
    ...Array.from({ length: count }, (_, i) => ({
      type: 'narrator_line' as const,
      payload: {
        turn: i + 1,
        trigger: 'periodic' as const,
        text: `line ${i + 1} ${text}`,
        messageId: `M${i + 1}`,
      },
    })),
  ]);
}

const outgoing = (events: readonly GameEvent[]) =>
  events.map((value) => ({ key: value.gameId, value }));

/** Read `count` messages of a broker topic from its start with a raw kafkajs consumer. */
async function readRaw(
  topic: string,
  count: number,
): Promise<Array<KafkaMessage & { partition: number }>> {
  const consumer = raw.consumer({
    groupId: `raw-${topic}-${Math.random().toString(36).slice(2)}`,
    sessionTimeout: 3000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  });
  const read: Array<KafkaMessage & { partition: number }> = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        read.push({ ...message, partition });
      },
    });
    await vi.waitFor(() => expect(read.length).toBeGreaterThanOrEqual(count), DELIVERY);
  } finally {
    await consumer.disconnect();
  }
  return read;
}

/** The item at `index`, which the test knows exists. */
function at<T>(items: readonly T[], index: number): T {
  const item = items.at(index);
  if (item === undefined) throw new Error(`nothing at ${index}`);
  return item;
}

const text = (headers: IHeaders | undefined, name: string) => headers?.[name]?.toString();

describe('Kafka bus on the wire', () => {
  it('writes envelope headers, JSON or gzip bodies and game-id keys that any client can read', async () => {
    const events = turns('g-wire', 2, 'flood '.repeat(4000));
    const threshold = Buffer.byteLength(JSON.stringify(events[0])) + 1;
    const bus = await openBus({ gzipThresholdBytes: threshold });
    const topic = 'arena.wire-roundtrip';
    const received: BusMessage[] = [];
    await bus.subscribe(topic, (msg) => {
      received.push(msg);
    });
    await bus.publish(topic, [
      { ...at(outgoing(events), 0), headers: { trace: 'abc' } },
      ...outgoing(events.slice(1)),
    ]);
    await vi.waitFor(() => expect(received).toHaveLength(3), DELIVERY);
    expect(received.map((m) => m.value)).toStrictEqual(events);
    expect(received[1]?.headers['content-encoding']).toBe('gzip');

    const wire = await readRaw(`${PREFIX}${topic}`, 3);
    const offsets = wire.sort((a, b) => Number(a.offset) - Number(b.offset));
    expect(new Set(offsets.map((m) => m.partition))).toEqual(
      new Set([partitionForKey('g-wire', 4)]),
    );
    for (const message of offsets) expect(message.key?.toString()).toBe('g-wire');
    const [created, large] = offsets as unknown as [KafkaMessage, KafkaMessage];
    expect(text(created.headers, 'trace')).toBe('abc');
    expect(text(created.headers, 'arena-envelope')).toBe('1');
    expect(text(created.headers, 'kind')).toBe('event');
    expect(text(created.headers, 'type')).toBe('game_created');
    expect(text(created.headers, 'game-id')).toBe('g-wire');
    expect(text(created.headers, 'seq')).toBe('0');
    expect(text(created.headers, 'content-encoding')).toBeUndefined();
    expect(JSON.parse(created.value?.toString() ?? '')).toStrictEqual(events[0]);
    expect(text(large.headers, 'content-encoding')).toBe('gzip');
    expect(large.value?.length).toBeLessThan(threshold);
    expect(JSON.parse(gunzipSync(large.value as Buffer).toString())).toStrictEqual(events[1]);
  });

  it("keeps every game's order across partitions with many games interleaved", async () => {
    const bus = await openBus();
    const topic = TOPICS.gameEvents;
    const seqs = new Map<string, number[]>();
    await bus.subscribe(topic, (msg) => {
      seqs.set(msg.key, [...(seqs.get(msg.key) ?? []), (msg.value as GameEvent).seq]);
    });
    const games = Array.from({ length: 24 }, (_, i) => turns(`g-order-${i}`, 14));
    const publishing: Promise<void>[] = [];
    for (let seq = 0; seq < 15; seq++) {
      publishing.push(bus.publish(topic, outgoing(games.map((game) => game[seq] as GameEvent))));
    }
    await Promise.all(publishing);
    await vi.waitFor(() => expect([...seqs.values()].flat()).toHaveLength(24 * 15), DELIVERY);
    const expected = Array.from({ length: 15 }, (_, seq) => seq);
    for (const game of games) expect(seqs.get(at(game, 0).gameId)).toEqual(expected);
    const partitions = new Set(games.map((game) => partitionForKey(at(game, 0).gameId, 6)));
    expect(partitions.size).toBeGreaterThan(3);
  });

  it('dead-letters poison messages with their error and headers and keeps consuming', async () => {
    const bus = await openBus();
    const topic = 'arena.wire-poison';
    const received: number[] = [];
    await bus.subscribe(topic, (msg) => {
      received.push((msg.value as GameEvent).seq);
    });
    const [created, line] = turns('g-poison', 1) as [GameEvent, GameEvent];
    const good = encodeMessage(topic, { key: 'g-poison', value: line });
    const producer = raw.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic: `${PREFIX}${topic}`,
      messages: [
        { key: 'g-poison', value: '{"not json', headers: { ...good.headers, origin: 'bad-json' } },
        { key: 'g-poison', value: good.value, headers: { origin: 'no-envelope' } },
        {
          key: 'g-poison',
          value: JSON.stringify({ ...line, payload: { ...line.payload, turn: 'one' } }),
          headers: { ...good.headers, origin: 'bad-schema' },
        },
      ],
    });
    await producer.disconnect();
    await bus.publish(topic, outgoing([created, line]));
    await vi.waitFor(() => expect(received).toEqual([0, 1]), DELIVERY);

    const letters = (await bus.deadLetters.list()).filter((l) => l.topic === topic);
    expect(letters.map((l) => [l.headers.origin, l.error.code, l.error.attempts])).toEqual([
      ['bad-json', BUS_ERROR_CODES.DECODE_FAILED, 0],
      ['no-envelope', BUS_ERROR_CODES.DECODE_FAILED, 0],
      ['bad-schema', BUS_ERROR_CODES.INVALID_MESSAGE, 0],
    ]);
    expect(letters.map((l) => l.error.message)).toEqual([
      expect.stringMatching(/invalid JSON body/),
      expect.stringMatching(/missing envelope header "arena-envelope"/),
      expect.stringMatching(/value\.payload\.turn/),
    ]);
    expect(letters[0]).toMatchObject({
      key: 'g-poison',
      value: '{"not json',
      encoding: 'utf8',
      group: null,
      partition: partitionForKey('g-poison', 4),
      offset: '0',
    });
    expect(letters[0]?.headers).toMatchObject({ 'event-id': 'g-poison:1', 'game-id': 'g-poison' });
    expect(letters[0]?.headers).not.toHaveProperty('dlq-error-code');
    expect(logs.some((e) => e.level === 'error' && /Undecodable message/.test(e.message))).toBe(
      true,
    );

    const dlq = await readRaw(`${PREFIX}${TOPICS.deadLetters}`, 3);
    const first = dlq.find((m) => text(m.headers, 'origin') === 'bad-json');
    expect(text(first?.headers, 'dlq-topic')).toBe(topic);
    expect(text(first?.headers, 'dlq-error-code')).toBe(BUS_ERROR_CODES.DECODE_FAILED);
    expect(text(first?.headers, 'dlq-offset')).toBe('0');
    expect(first?.value?.toString()).toBe('{"not json');

    // Replay puts the original bytes back; still undecodable, it returns to the dead letters.
    expect(await bus.deadLetters.replay([letters[0]?.id ?? ''])).toBe(1);
    await vi.waitFor(async () => {
      const again = (await bus.deadLetters.list()).filter((l) => l.topic === topic);
      expect(again).toHaveLength(4);
      expect(again[3]).toMatchObject({
        value: '{"not json',
        headers: { 'dlq-replayed-from': letters[0]?.id },
      });
    }, DELIVERY);
    expect(received).toEqual([0, 1]);
  });

  it('reports topic creation as failed on a broker that refuses it, and sees existing topics', async () => {
    const bus = await openBus();
    await bus.publish(TOPICS.narrator, outgoing(turns('g-admin', 1)));
    const created = await bus.topics.create();
    expect(created).toHaveLength(CATALOGUE_TOPICS.length);
    const byName = new Map(created.map((r) => [r.name, r]));
    expect(byName.get(TOPICS.gameEvents)).toMatchObject({
      outcome: 'exists',
      physicalName: `${PREFIX}${TOPICS.gameEvents}`,
    });
    expect(byName.get(TOPICS.narrator)?.outcome).toBe('exists');
    expect(byName.get(TOPICS.scoring)).toMatchObject({
      outcome: 'failed',
      reason: expect.any(String),
    });

    const listed = new Map((await bus.topics.list()).map((t) => [t.name, t]));
    expect(listed.get(TOPICS.verdicts)).toMatchObject({ exists: true, partitions: 3 });
    expect(listed.get(TOPICS.narrator)).toMatchObject({ exists: true, partitions: 4 });
    expect(listed.get(TOPICS.leaderboard)).toMatchObject({ exists: false, partitions: null });

    const narrator = await bus.topics.describe(TOPICS.narrator);
    expect(narrator.partitionDetails).toHaveLength(4);
    expect(narrator.partitionDetails.reduce((sum, p) => sum + Number(p.high), 0)).toBe(2);
    expect(narrator.partitionDetails[0]?.leader).toEqual(expect.any(Number));
    expect(narrator.configs).toBeNull();
    expect(await bus.topics.describe(TOPICS.leaderboard)).toMatchObject({
      exists: false,
      partitionDetails: [],
    });
  });

  it('fails with BUS_UNAVAILABLE naming the brokers when none listens', async () => {
    const seen: KafkaBusLogEntry[] = [];
    const failure = await createKafkaBus({
      brokers: ['127.0.0.1:1', '127.0.0.1:2'],
      connectionTimeoutMs: 1500,
      log: (entry) => seen.push(entry),
    }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toMatchObject({ code: BUS_ERROR_CODES.UNAVAILABLE, retriable: true });
    expect(String((failure as Error).message)).toContain('127.0.0.1:1, 127.0.0.1:2');
    // Refused before kafkajs starts retrying: nothing is logged, the error says it all.
    expect(seen).toEqual([]);
  });
});
