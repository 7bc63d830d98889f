/**
 * `arena stop` without a runner on Kafka (librdkafka mock cluster): the stop_game command is
 * published on the commands topic, keyed by the game, in the shape runners consume.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '@arena/message-bus';
import { startKafkaMock, type KafkaMock } from '@arena/message-bus/kafka-mock';
import { GameCommandSchema } from '@arena/models';
import { runArena, tempDir } from '../cli-run.fixture';

const run = promisify(execFile);
let kafka: KafkaMock;

beforeAll(async () => {
  kafka = await startKafkaMock({ brokers: 1 });
}, 30_000);

afterAll(async () => {
  await kafka?.stop();
});

describe('arena stop over the bus', () => {
  it('publishes a valid stop_game command keyed by the game id', async () => {
    const prefix = `cli-stop-${randomUUID().slice(0, 8)}.`;
    const stopped = await runArena(['stop', 'g-1a2b3c4d', '--json'], {
      ARENA_BUS: 'kafka',
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      ARENA_DATA_DIR: tempDir(),
    });
    expect(stopped.err).toBe('');
    expect(stopped.code).toBe(0);
    const printed = JSON.parse(stopped.out) as { via: string; command: { id: string } };
    expect(printed.via).toBe('bus');

    const { stdout } = await run(
      'kcat',
      [
        '-C',
        '-b',
        kafka.brokers[0] as string,
        '-t',
        `${prefix}${TOPICS.commands}`,
        '-e',
        '-J',
        '-q',
      ],
      { timeout: 30_000 },
    );
    const messages = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { key: string; payload: string });
    expect(messages).toHaveLength(1);
    expect(messages[0]?.key).toBe('g-1a2b3c4d');
    const command = GameCommandSchema.parse(JSON.parse(messages[0]?.payload ?? ''));
    expect(command).toMatchObject({
      type: 'stop_game',
      gameId: 'g-1a2b3c4d',
      id: printed.command.id,
      issuedBy: expect.stringMatching(/^arena-cli@/),
    });
  }, 120_000);
});
