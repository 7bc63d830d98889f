import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CATALOGUE_TOPICS,
  TOPICS,
  createKafkaBus,
  publishGameEvents,
  type DeadLetter,
  type KafkaBusLogEntry,
  type MessageBus,
} from '@arena/message-bus';
import { startKafkaMock, type KafkaMock } from '@arena/message-bus/kafka-mock';
import { type GameEvent } from '@arena/models';
import { buildLog, completeLogProblems, reproducibleEvent } from '@arena/models/testing';
import { printedEvents, runArena, tempDir } from '../cli-run.fixture';

const run = promisify(execFile);

/** One message as `kcat -C -J` prints it. */
interface KcatMessage {
  topic: string;
  partition: number;
  offset: number;
  headers?: string[];
  key: string | null;
  payload: string | null;
}

const PLAY = ['play', '--json', '--seed', '11', '--max-turns', '6'];
const PLAYERS = ['--players', 'amara-teodoro,rook-delaney,silas-marrow'];

let kafka: KafkaMock;
let broker: string;

beforeAll(async () => {
  kafka = await startKafkaMock({ brokers: 1 });
  broker = kafka.brokers[0] as string;
}, 30_000);

afterAll(async () => {
  await kafka?.stop();
});

/** A topic prefix no other test of this file uses. */
function freshPrefix(): string {
  return `cli-${randomUUID().slice(0, 8)}.`;
}

/** The environment of an `arena` run on the mock cluster under `prefix`. */
function kafkaEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ARENA_BUS: 'kafka',
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_SESSION_TIMEOUT_MS: '3000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    ARENA_DATA_DIR: tempDir(),
    ...extra,
  };
}

/** Every message of a topic on the broker, read with kcat from the oldest to the end. */
async function readTopic(topic: string): Promise<KcatMessage[]> {
  const { stdout } = await run('kcat', ['-C', '-b', broker, '-t', topic, '-e', '-J', '-q'], {
    timeout: 30_000,
  });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as KcatMessage);
}

/** The exact bytes of one message's body (kcat -J prints text only). */
async function rawPayload(message: KcatMessage): Promise<Buffer> {
  const { stdout } = await run(
    'kcat',
    [
      ...['-C', '-b', broker, '-t', message.topic, '-p', String(message.partition)],
      ...['-o', String(message.offset), '-c', '1', '-e', '-q', '-f', '%s'],
    ],
    { timeout: 30_000, encoding: 'buffer' },
  );
  return stdout;
}

function headersOf(message: KcatMessage): Record<string, string> {
  const pairs = message.headers ?? [];
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2)
    headers[pairs[i] as string] = pairs[i + 1] as string;
  return headers;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

/** A bus of the test's own on the mock cluster under `prefix`, logging into `log`. */
function testBus(prefix: string, log: KafkaBusLogEntry[]): Promise<MessageBus> {
  return createKafkaBus({
    brokers: kafka.brokers,
    topicPrefix: prefix,
    sessionTimeoutMs: 3000,
    heartbeatIntervalMs: 500,
    log: (entry) => void log.push(entry),
  });
}

describe('arena on Kafka (librdkafka mock cluster)', () => {
  it('plays a game as on the in-process bus and leaves its events on the events topic', async () => {
    const prefix = freshPrefix();
    // game_created (about 10 kB) goes gzipped; smaller events go as plain JSON.
    const onKafka = await runArena(
      [...PLAY, ...PLAYERS],
      kafkaEnv(prefix, { KAFKA_GZIP_THRESHOLD_BYTES: '4096' }),
    );
    expect(onKafka.err).toBe('');
    expect(onKafka.code).toBe(0);
    const events = printedEvents(onKafka);
    const inProcess = await runArena([...PLAY, ...PLAYERS], { ARENA_DATA_DIR: tempDir() });
    expect(events.map(reproducibleEvent)).toEqual(printedEvents(inProcess).map(reproducibleEvent));
    const gameId = (events[0] as GameEvent).gameId;

    const messages = await readTopic(`${prefix}${TOPICS.gameEvents}`);
    // Keyed by game id: one partition, in seq order.
    expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
    expect(messages.map((m) => m.key)).toEqual(events.map(() => gameId));
    expect(messages.map((m) => Number(headersOf(m)['seq']))).toEqual(events.map((e) => e.seq));
    const read: GameEvent[] = [];
    for (const [i, message] of messages.entries()) {
      const event = events[i] as GameEvent;
      const headers = headersOf(message);
      expect(headers).toMatchObject({
        'arena-envelope': '1',
        kind: 'event',
        type: event.type,
        'schema-version': String(event.schemaVersion),
        'game-id': gameId,
        seq: String(event.seq),
        'event-id': event.id,
        'causation-id': event.causationId ?? '',
        'content-type': 'application/json',
      });
      expect(new Date(headers['produced-at'] as string).toISOString()).toBe(headers['produced-at']);
      const body =
        headers['content-encoding'] === 'gzip'
          ? gunzipSync(await rawPayload(message)).toString('utf8')
          : (message.payload as string);
      read.push(JSON.parse(body) as GameEvent);
    }
    expect(read).toEqual(events);
    expect(headersOf(messages[0] as KcatMessage)['content-encoding']).toBe('gzip');
    expect(messages.some((m) => headersOf(m)['content-encoding'] === undefined)).toBe(true);
    expect(completeLogProblems(read)).toEqual([]);

    // Thematic topics carry their share of the same events, keyed alike.
    const turns = await readTopic(`${prefix}${TOPICS.turns}`);
    expect(turns.map((m) => headersOf(m)['type'])).toContain('game_created');
    expect(turns.every((m) => m.key === gameId)).toBe(true);
  }, 120_000);

  it('lists, describes and creates the catalogue topics, tolerating what the broker refuses', async () => {
    const prefix = freshPrefix();
    const env = kafkaEnv(prefix);
    expect((await runArena([...PLAY, ...PLAYERS], env)).code).toBe(0);
    const stored = await readTopic(`${prefix}${TOPICS.gameEvents}`);

    const listed = await runArena(['topics', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    const topics = JSON.parse(listed.out) as {
      name: string;
      physicalName: string;
      exists: boolean;
      partitions: number | null;
    }[];
    expect(topics.map((t) => t.name)).toEqual(CATALOGUE_TOPICS.map((t) => t.name));
    expect(topics.every((t) => t.physicalName === `${prefix}${t.name}`)).toBe(true);
    expect(topics.find((t) => t.name === TOPICS.gameEvents)).toMatchObject({
      exists: true,
      partitions: 4,
    });
    expect(topics.find((t) => t.name === TOPICS.commands)).toMatchObject({
      exists: false,
      partitions: null,
    });
    const text = await runArena(['topics', 'list'], env);
    expect(text.lines[0]).toBe(
      `${CATALOGUE_TOPICS.length} catalogue topics on Kafka with the prefix "${prefix}"; (n) = partitions the catalogue asks for`,
    );
    expect(text.out).toMatch(/^arena\.game-events\s+exists\s+4 \(12\)\s+forever/m);
    expect(text.out).toMatch(/^arena\.orchestration-commands\s+missing\s+\(12\)\s+7d/m);

    const described = await runArena(['topics', 'describe', TOPICS.gameEvents, '--json'], env);
    expect(described.code).toBe(0);
    const topic = JSON.parse(described.out) as {
      physicalName: string;
      partitionDetails: { partition: number; low: string; high: string }[];
    };
    expect(topic.physicalName).toBe(`${prefix}${TOPICS.gameEvents}`);
    expect(topic.partitionDetails.map((p) => p.partition)).toEqual([0, 1, 2, 3]);
    const total = topic.partitionDetails.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    expect(total).toBe(stored.length);

    const created = await runArena(['topics', 'create', '--json'], env);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    const results = JSON.parse(created.out) as { name: string; outcome: string; reason?: string }[];
    expect(results.map((r) => r.name)).toEqual(CATALOGUE_TOPICS.map((t) => t.name));
    expect(results.find((r) => r.name === TOPICS.gameEvents)?.outcome).toBe('exists');
    // The mock does not support CreateTopics: each missing topic fails with the reason.
    const failed = results.filter((r) => r.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => (r.reason ?? '').length > 0)).toBe(true);

    const words = await runArena(['topics', 'create', TOPICS.commands], env);
    expect(words.code).toBe(0);
    expect(words.out).toMatch(/^arena\.orchestration-commands\s+failed: \S/m);
    expect(words.out).toContain('0 created, 0 already there, 1 failed.');
    const strict = await runArena(['topics', 'create', TOPICS.commands, '--strict'], env);
    expect(strict.code).toBe(1);
  }, 120_000);

  it('lists and replays a malformed message its consumer dead-lettered, and the consumer goes on', async () => {
    const prefix = freshPrefix();
    const env = kafkaEnv(prefix);
    const topic = `${prefix}${TOPICS.narrator}`;
    const log: KafkaBusLogEntry[] = [];
    const deadLettered = () => log.filter((e) => e['code'] === 'BUS_DECODE_FAILED').length;
    const bus = await testBus(prefix, log);
    try {
      await injectWithKcat(topic, 'g-bad|this is not an arena message');
      const handled: string[] = [];
      await bus.subscribe(TOPICS.narrator, (message) => void handled.push(message.key), {
        group: `dlq-${prefix}`,
        fromBeginning: true,
      });
      const valid = buildLog('g-good', [
        {
          type: 'narrator_line',
          payload: { turn: 0, trigger: 'opening', text: 'On.', messageId: 'M1' },
        },
      ]);
      await publishGameEvents(bus, valid);
      await vi.waitFor(() => expect(handled).toEqual(['g-good']), { timeout: 30_000 });

      // The consumer logs each dead letter just before it sends it.
      await vi.waitFor(() => expect(deadLettered()).toBe(1), { timeout: 30_000 });
      const text = await runArena(['dlq', 'list'], env);
      expect(text.code).toBe(0);
      expect(text.lines[0]).toMatch(
        new RegExp(`^\\d+:\\d+  \\S+  arena\\.narrator  key g-bad  group dlq-${prefix}$`),
      );
      expect(text.lines[1]).toMatch(/^ {2}BUS_DECODE_FAILED after 0 attempts: \S/);
      const id = (text.lines[0] as string).split(' ')[0] as string;

      const replayed = await runArena(['dlq', 'replay', id], env);
      expect(replayed.code).toBe(0);
      expect(replayed.out).toBe('Replayed 1 dead letter to its topic.');
      // The group that failed it gets it again, fails it again, and goes on.
      await vi.waitFor(() => expect(deadLettered()).toBe(2), { timeout: 30_000 });
      const letters = await waitForLetters(env, 2);
      const failure = {
        topic: TOPICS.narrator,
        key: 'g-bad',
        value: 'this is not an arena message',
        encoding: 'utf8',
        group: `dlq-${prefix}`,
        error: expect.objectContaining({ code: 'BUS_DECODE_FAILED', attempts: 0 }),
      };
      expect(letters).toEqual([
        expect.objectContaining({ ...failure, id, headers: { origin: 'kcat' } }),
        expect.objectContaining({
          ...failure,
          headers: { origin: 'kcat', 'dlq-replayed-from': id },
        }),
      ]);
      expect(handled).toEqual(['g-good']);
    } finally {
      await bus.close();
    }
  }, 120_000);

  it('reports a reachable bus in arena doctor, and one that is down with exit code 1', async () => {
    const up = await runArena(['doctor', '--json'], kafkaEnv(freshPrefix()));
    expect(up.code).toBe(0);
    expect(JSON.parse(up.out)).toContainEqual(
      expect.objectContaining({
        spec: 'bus:kafka',
        ok: true,
        detail: expect.stringContaining(`brokers ${broker} reachable;`),
      }),
    );

    const down = `127.0.0.1:${await closedPort()}`;
    const env = kafkaEnv(freshPrefix(), { KAFKA_BROKERS: down });
    // Each waits for the connection timeout; they wait together.
    const [doctor, topics, play] = await Promise.all([
      runArena(['doctor'], env),
      runArena(['topics', 'list'], env),
      runArena([...PLAY, ...PLAYERS], env),
    ]);
    expect(doctor.code).toBe(1);
    expect(doctor.out).toMatch(/^ok\s+sim\s/m);
    expect(doctor.out).toMatch(new RegExp(`^FAIL bus:kafka\\s.*${down}`, 'm'));
    expect(topics.code).toBe(1);
    expect(topics.err).toMatch(new RegExp(`^arena topics failed: .*${down}`));

    // A game that cannot reach its bus is not started, and releases its data folder.
    expect(play.code).toBe(1);
    expect(play.err).toContain(down);
    const inProcess = await runArena([...PLAY, ...PLAYERS], {
      ARENA_DATA_DIR: env['ARENA_DATA_DIR'] as string,
    });
    expect(inProcess.code).toBe(0);
  }, 120_000);
});

/** Produce one `key|value` line to `topic` with kcat, with a header of its own. */
async function injectWithKcat(topic: string, line: string): Promise<void> {
  const child = execFile('kcat', ['-P', '-b', broker, '-t', topic, '-K', '|', '-H', 'origin=kcat']);
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  child.stdin?.end(`${line}\n`);
  expect(await exited).toBe(0);
}

/** The dead letters `arena dlq list` shows, once there are at least `count`. */
async function waitForLetters(env: Record<string, string>, count: number): Promise<DeadLetter[]> {
  let letters: DeadLetter[] = [];
  await vi.waitFor(
    async () => {
      const listed = await runArena(['dlq', 'list', '--json'], env);
      expect(listed.code).toBe(0);
      letters = JSON.parse(listed.out) as DeadLetter[];
      expect(letters.length).toBeGreaterThanOrEqual(count);
    },
    { timeout: 30_000, interval: 500 },
  );
  return letters;
}
