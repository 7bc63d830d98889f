/**
 * Measurements for `tools/bench` (import from `@arena/message-bus/bench`): raw kafkajs produce
 * throughput against the same messages through the bus, and the per-message cost of the codec
 * and dedupe. Functions return plain numbers; printing is the harness's business.
 *
 * Throughput is produce-only and acknowledged on both sides: the clock runs from the first send
 * until the last batch is acknowledged by all in-sync replicas (`acks: -1`), batches are sent
 * one after the other, and both sides send the same keys, JSON bodies and envelope headers in
 * batches of the same size. The raw side sends records prepared beforehand, as they are (a
 * kafkajs producer compresses nothing by default); the bus checks, encodes, gzips bodies above
 * its threshold and batches on the clock.
 */
import { envelopeEvent, type GameEvent } from '@arena/models';
import { randomBytes } from 'node:crypto';
import { Kafka, Partitioners, logLevel, type Message } from 'kafkajs';
import { decodeMessage, encodeMessage } from './codec';
import { createDeduplicator } from './dedupe';
import { createKafkaBus } from './kafka-bus';
import type { OutgoingMessage } from './message-bus';

export interface ThroughputOptions {
  /** Bootstrap brokers of the cluster to measure against. */
  brokers: string[];
  /** Messages to send, after one warm-up batch. @default 5000 */
  messages?: number;
  /** Messages per `sendBatch` (raw) and per `publish` (bus). @default 100 */
  batchSize?: number;
  /** Approximate JSON body size of each message. @default 1024 */
  messageBytes?: number;
  /** Distinct games (keys) the messages are spread over. @default 16 */
  games?: number;
  /**
   * The bus's `lingerMs`. The default 0 makes each `publish` one `sendBatch`, the raw side's
   * batching; a linger adds its wait to every batch of a publisher that awaits each call.
   * @default 0
   */
  lingerMs?: number;
}

export interface ThroughputResult {
  messages: number;
  /** Body bytes sent (headers and keys not counted). */
  bytes: number;
  elapsedMs: number;
  messagesPerSecond: number;
}

export interface ThroughputComparison {
  raw: ThroughputResult;
  bus: ThroughputResult;
  /** `bus.messagesPerSecond / raw.messagesPerSecond`. */
  ratio: number;
}

export interface CodecLatencyOptions {
  /** Messages measured, after the warm-up. @default 5000 */
  messages?: number;
  /** Messages run first and not measured. @default 500 */
  warmup?: number;
  /** Approximate JSON body size of each message. @default 1024 */
  messageBytes?: number;
  /** Gzip bodies above this. @default 16384 */
  gzipThresholdBytes?: number;
}

export interface CodecLatencyResult {
  messages: number;
  /** Encode + decode + dedupe of one message, in ms. */
  medianMs: number;
  p95Ms: number;
  meanMs: number;
}

const PADDING_WORDS = 'the bridge must survive the spring floods with piers set in bedrock ';

/**
 * A typical game event: an accepted contribution of about `bytes` bytes of JSON, event `seq` of
 * game `gameId`.
 */
export function sampleEvent(gameId: string, seq: number, bytes: number): GameEvent {
  const base = envelopeEvent(gameId, seq, Date.UTC(2026, 0, 1) + seq, {
    type: 'contribution_accepted',
    payload: {
      turn: seq,
      playerId: 'P1',
      attempt: 1,
      messageId: `M${seq + 1}`,
      text: '',
      cites: [],
    },
  });
  const room = Math.max(0, bytes - JSON.stringify(base).length);
  const text = PADDING_WORDS.repeat(Math.ceil(room / PADDING_WORDS.length)).slice(0, room);
  return { ...base, payload: { ...base.payload, text } } as GameEvent;
}

function sampleMessages(count: number, games: number, bytes: number): OutgoingMessage[] {
  const nextSeq = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const gameId = `bench-${i % games}`;
    const seq = nextSeq.get(gameId) ?? 0;
    nextSeq.set(gameId, seq + 1);
    return { key: gameId, value: sampleEvent(gameId, seq, bytes) };
  });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function result(messages: number, bytes: number, startedAt: bigint): ThroughputResult {
  const elapsedMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
  return { messages, bytes, elapsedMs, messagesPerSecond: (messages * 1000) / elapsedMs };
}

const resolved = (options: ThroughputOptions) => ({
  messages: options.messages ?? 5000,
  batchSize: options.batchSize ?? 100,
  messageBytes: options.messageBytes ?? 1024,
  games: options.games ?? 16,
});

/** Raw kafkajs: `producer.sendBatch` of records prepared beforehand, one batch after the other. */
export async function measureRawKafkaThroughput(
  options: ThroughputOptions,
): Promise<ThroughputResult> {
  const { messages, batchSize, messageBytes, games } = resolved(options);
  const topic = `bench.raw-${randomBytes(4).toString('hex')}`;
  const encoded: Message[] = sampleMessages(messages + batchSize, games, messageBytes).map((m) =>
    encodeMessage(topic, m, { gzipThresholdBytes: Number.POSITIVE_INFINITY }),
  );
  const [warmup, ...batches] = chunks(encoded, batchSize) as [Message[], ...Message[][]];
  const kafka = new Kafka({
    clientId: 'bench-raw',
    brokers: options.brokers,
    logLevel: logLevel.ERROR,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: warmup }] });
    const bytes = batches.flat().reduce((sum, m) => sum + (m.value?.length ?? 0), 0);
    const startedAt = process.hrtime.bigint();
    for (const batch of batches) {
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: batch }] });
    }
    return result(messages, bytes, startedAt);
  } finally {
    await producer.disconnect();
  }
}

/** The bus: `publish` of the same messages (checked, encoded and batched by the bus). */
export async function measureBusThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const { messages, batchSize, messageBytes, games } = resolved(options);
  const topic = `bench.bus-${randomBytes(4).toString('hex')}`;
  const all = sampleMessages(messages + batchSize, games, messageBytes);
  const [warmup, ...batches] = chunks(all, batchSize) as [
    OutgoingMessage[],
    ...OutgoingMessage[][],
  ];
  const bus = await createKafkaBus({
    brokers: options.brokers,
    clientId: 'bench-bus',
    lingerMs: options.lingerMs ?? 0,
  });
  try {
    await bus.publish(topic, warmup);
    const bytes = batches
      .flat()
      .reduce((sum, m) => sum + Buffer.byteLength(JSON.stringify(m.value)), 0);
    const startedAt = process.hrtime.bigint();
    for (const batch of batches) await bus.publish(topic, batch);
    return result(messages, bytes, startedAt);
  } finally {
    await bus.close();
  }
}

/** Both measurements on the same cluster with the same messages, raw first. */
export async function compareKafkaThroughput(
  options: ThroughputOptions,
): Promise<ThroughputComparison> {
  const raw = await measureRawKafkaThroughput(options);
  const bus = await measureBusThroughput(options);
  return { raw, bus, ratio: bus.messagesPerSecond / raw.messagesPerSecond };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/**
 * What the bus adds per message on the way through: `encodeMessage` (schema check, envelope,
 * JSON, gzip when large) + `decodeMessage` (envelope, JSON, schema check) + the dedupe check
 * and mark, timed one message at a time.
 */
export function measureCodecLatency(options: CodecLatencyOptions = {}): CodecLatencyResult {
  const count = options.messages ?? 5000;
  const warmup = options.warmup ?? 500;
  const codecOptions = { gzipThresholdBytes: options.gzipThresholdBytes };
  const messages = sampleMessages(count + warmup, 32, options.messageBytes ?? 1024);
  const seen = createDeduplicator();
  const topic = 'arena.game-events';
  const samples: number[] = [];
  messages.forEach((message, index) => {
    const startedAt = process.hrtime.bigint();
    const wire = encodeMessage(topic, message, codecOptions);
    const decoded = decodeMessage(topic, wire);
    if (!seen.isDuplicate(decoded)) seen.markHandled(decoded);
    const elapsed = Number(process.hrtime.bigint() - startedAt) / 1e6;
    if (index >= warmup) samples.push(elapsed);
  });
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    messages: samples.length,
    medianMs: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    meanMs: samples.reduce((sum, ms) => sum + ms, 0) / Math.max(1, samples.length),
  };
}
