import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  TOPICS,
  createKafkaBus,
  partitionForKey,
  type DeadLetter,
  type MessageBus,
} from '@arena/message-bus';
import { startKafkaMock, type KafkaMock } from '@arena/message-bus/kafka-mock';
import {
  COMMAND_SCHEMA_VERSION,
  GameConfigSchema,
  type GameCommand,
  type GameEvent,
} from '@arena/models';
import { completeLogProblems } from '@arena/models/testing';
import { openPostgresEventStore, type EventStore } from '@arena/persistence';
import { createTestDatabase, dropTestDatabase } from '@arena/persistence/testing';
import { RUNNER_ERROR_CODES } from './errors';
import { driving, expectOneDriverAtATime } from './lease-log.fixture';
import { eventually } from './runner.fixture';
import {
  TEST_REDIS_URL,
  followGame,
  longGame,
  postGame,
  startRunner,
  stopRunner,
  type LogLine,
  type RunnerProcess,
} from './runner-process.fixture';

/** Partitions of the commands topic: two per runner. */
const PARTITIONS = 6;
/** Games created through one runner, enough to land on every runner's partitions. */
const GAMES = 6;
/** Turns per game: long enough to be mid-game at the kill, short enough for a lean test. */
const TURNS = 90;

const RUN = randomBytes(4).toString('hex');
const PREFIX = `three-runners-${RUN}.`;
const GROUP = `runners-${RUN}`;

let kafka: KafkaMock;
let bus: MessageBus;
let databaseUrl: string;
let store: EventStore;
const runners: RunnerProcess[] = [];

beforeAll(async () => {
  kafka = await startKafkaMock({ topics: { [`${PREFIX}${TOPICS.commands}`]: PARTITIONS } });
  bus = await createKafkaBus({
    brokers: kafka.brokers,
    clientId: 'three-runners-test',
    topicPrefix: PREFIX,
    sessionTimeoutMs: 3000,
    heartbeatIntervalMs: 500,
  });
  databaseUrl = await createTestDatabase('three_runners');
  // Migrates the fresh database before any runner opens it.
  store = await openPostgresEventStore({ url: databaseUrl });
});

afterAll(async () => {
  for (const runner of runners) if (runner.child.exitCode === null) runner.child.kill('SIGKILL');
  await Promise.all(runners.map((r) => r.exited));
  await bus?.close();
  await store?.close();
  if (databaseUrl) await dropTestDatabase(databaseUrl);
  await kafka?.stop();
});

const runnerId = (runner: RunnerProcess) => String(runner.logs()[0]?.['runner']);

/** Fail at once, with its stderr, when a runner other than `victim` is gone. */
function expectAlive(victim?: RunnerProcess): void {
  const gone = runners.find((r) => r !== victim && r.child.exitCode !== null);
  if (gone) throw new Error(`${runnerId(gone)} exited (${gone.child.exitCode}):\n${gone.stderr()}`);
}

/** The partitions each runner was last assigned, once they split the topic between them. */
async function settledGroup(group: readonly RunnerProcess[]): Promise<number[][]> {
  const latest = () =>
    group.map((runner) => {
      const assigned = runner.logs().filter((l) => l['msg'] === 'partitions_assigned');
      return (assigned.at(-1)?.['partitions'] as number[] | undefined) ?? [];
    });
  return eventually(
    async () => {
      expectAlive();
      return latest();
    },
    (split) => {
      const all = split.flat();
      return (
        split.every((p) => p.length > 0) &&
        new Set(all).size === PARTITIONS &&
        all.length === PARTITIONS
      );
    },
  );
}

/** A game id whose commands land on `partition`. */
function idOnPartition(label: string, partition: number): string {
  for (let i = 0; ; i++) {
    const id = `g-${label}-${i}`;
    if (partitionForKey(id, PARTITIONS) === partition) return id;
  }
}

function createGameCommand(gameId: string, config: unknown): GameCommand {
  return {
    schemaVersion: COMMAND_SCHEMA_VERSION,
    id: `create-${gameId}`,
    type: 'create_game',
    gameId,
    issuedAt: new Date().toISOString(),
    issuedBy: 'three-runners-test',
    config: GameConfigSchema.parse(config),
    seed: 5,
  };
}

/** The runner whose latest lease on a game is the newest, from every runner's log. */
function driverOf(lines: readonly LogLine[], gameId: string): string | undefined {
  const { acquisitions } = driving(lines, gameId);
  return [...acquisitions].sort((x, y) => x.token - y.token).at(-1)?.runner;
}

describe('three runners sharing games over Kafka (mock cluster), Postgres and Redis', () => {
  it(
    'spread the games, finish a killed runner’s games on the others, dead-letter poison and keep consuming',
    async () => {
      const env = {
        DATABASE_URL: databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        ARENA_REDIS_PREFIX: `arena-test:${RUN}:`,
        ARENA_LEASE_TTL_MS: '2000',
        ARENA_LOG_LEVEL: 'debug',
        ARENA_DATA_DIR: mkdtempSync(join(tmpdir(), 'arena-three-runners-')),
        ARENA_BUS: 'kafka',
        KAFKA_BROKERS: kafka.brokers.join(','),
        KAFKA_TOPIC_PREFIX: PREFIX,
        KAFKA_GROUP_ID: GROUP,
        KAFKA_SESSION_TIMEOUT_MS: '3000',
        KAFKA_HEARTBEAT_INTERVAL_MS: '500',
      };
      onTestFailed(() => {
        for (const runner of runners) {
          const last = runner
            .logs()
            .slice(-8)
            .map((l) => JSON.stringify(l));
          console.error(
            `${runnerId(runner)}: stderr:\n${runner.stderr()}\nlast log lines:\n${last.join('\n')}`,
          );
        }
      });
      // One after the other: the mock cluster can fail members that join a group at once.
      const group: RunnerProcess[] = [];
      for (const id of ['runner-a', 'runner-b', 'runner-c']) {
        group.push(await startRunner({ ...env, ARENA_RUNNER_ID: id }, runners));
      }
      const [entry] = group;
      if (!entry) throw new Error('three runners started');
      await settledGroup(group);

      // Poison on one partition: a message no runner can decode (raw bytes, no envelope), and
      // a valid create_game whose scenario does not exist. A later command on the same
      // partition must still be handled.
      const poisoned = partitionForKey('g-poison', PARTITIONS);
      execFileSync(
        'kcat',
        [
          ...['-P', '-b', kafka.brokers.join(','), '-t', `${PREFIX}${TOPICS.commands}`],
          ...['-p', String(poisoned), '-k', 'g-poison'],
        ],
        { input: '{"type": "start_game", broken\n', stdio: ['pipe', 'ignore', 'pipe'] },
      );
      const badId = idOnPartition('bad', poisoned);
      const afterId = idOnPartition('after', poisoned);
      await bus.publish(TOPICS.commands, [
        {
          key: badId,
          value: createGameCommand(badId, { ...longGame(1, 10), scenario: 'atlantis' }),
        },
        { key: afterId, value: createGameCommand(afterId, longGame(2, 10)) },
      ]);

      const games: string[] = [];
      for (let i = 0; i < GAMES; i++)
        games.push(await postGame(entry.base, longGame(100 + i, TURNS)));
      const lines = () => runners.flatMap((r) => r.logs());
      await eventually(
        async () => {
          expectAlive();
          return games.map((id) => driverOf(lines(), id));
        },
        (drivers) => drivers.every((d) => d !== undefined),
      );
      const drivers = new Set(games.map((id) => driverOf(lines(), id)));
      expect(drivers.size).toBeGreaterThan(1);

      // The victim: the runner driving the most games that are still mid-way.
      const summaries = await Promise.all(games.map((id) => store.getGame(id)));
      const unfinished = games.filter((_, i) => summaries[i]?.status === 'running');
      const load = (runner: RunnerProcess) =>
        unfinished.filter((id) => driverOf(lines(), id) === runnerId(runner)).length;
      const victim = [...group].sort((x, y) => load(y) - load(x))[0];
      const survivor = group.find((r) => r !== victim);
      if (!victim || !survivor) throw new Error('a victim and a survivor');
      const victimId = runnerId(victim);
      const ofVictim = unfinished.filter((id) => driverOf(lines(), id) === victimId);
      const [watchedId] = ofVictim;
      if (!watchedId) throw new Error('the victim drives an unfinished game');

      // A spectator on a survivor follows a game the victim drives, through the kill.
      let streamed: () => void = () => undefined;
      const streaming = new Promise<void>((resolve) => (streamed = resolve));
      const watched = followGame(survivor.base, watchedId, () => streamed());
      await streaming;
      const seenAtOpen = (await store.getGame(watchedId))?.lastSeq ?? 0;

      victim.child.kill('SIGKILL');
      const killedAt = Date.now();
      expect(await victim.exited).toBe('SIGKILL');
      const atKill = await Promise.all(ofVictim.map((id) => store.getGame(id)));
      const orphans = ofVictim.filter((_, i) => atKill[i]?.status === 'running');
      expect(orphans.length).toBeGreaterThan(0);
      const victimLines = victim.logs();

      await eventually(
        () => {
          expectAlive(victim);
          return Promise.all([...games, afterId].map((id) => store.getGame(id)));
        },
        (all) => all.every((g) => g?.status === 'ended'),
      );
      const spectator = await watched;
      const letters = await eventually(
        () => bus.deadLetters.list(),
        (found) => found.some((l) => l.key === badId) && found.some((l) => l.key === 'g-poison'),
      );
      const survivors = group.filter((r) => r !== victim);
      expect(await Promise.all(survivors.map((r) => stopRunner(r)))).toEqual([0, 0]);

      const all = [...victimLines, ...survivors.flatMap((r) => r.logs())];
      expect(all.filter((l) => l['msg'] === 'game_failed')).toEqual([]);
      for (const gameId of [...games, afterId]) {
        const log = await store.load(gameId);
        expect(completeLogProblems(log)).toEqual([]);
        expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i));
        expect(log.at(-1)?.type).toBe('game_ended');
        const holders = expectOneDriverAtATime(all, gameId);
        if (orphans.includes(gameId)) {
          expect(holders.map((h) => h.runner)).toContain(victimId);
          expect(holders.at(-1)?.runner).not.toBe(victimId);
        }
      }

      // Failover, from the kill: the survivors' rebalance, then per orphan its new driver's
      // lease and first stored batch (printed, not asserted: timing is for the benches).
      const since = (time: number | undefined) => (time === undefined ? null : time - killedAt);
      const rebalancedMs = since(
        all.find((l) => l['msg'] === 'partitions_assigned' && Number(l['time']) >= killedAt)?.[
          'time'
        ] as number | undefined,
      );
      const orphanFailover = orphans.map((gameId) => {
        const { acquisitions, batches } = driving(all, gameId);
        const isNew = (x: { runner: string; time: number }) =>
          x.runner !== victimId && x.time >= killedAt;
        return {
          gameId,
          leaseMs: since(acquisitions.find(isNew)?.time),
          firstBatchMs: since(batches.find(isNew)?.time),
        };
      });
      console.info(
        `failover after SIGKILL of ${victimId}: ${JSON.stringify({ rebalancedMs, orphans: orphanFailover })}`,
      );

      // The spectator saw the whole game once and in order, driven by the victim then a survivor.
      const stored: GameEvent[] = await store.load(watchedId);
      expect(seenAtOpen).toBeLessThan(stored.length - 1);
      expect(spectator).toEqual(stored);

      // Poison went to the dead letters with its error; the consumers went on.
      expect(await store.getGame(badId)).toBeNull();
      const ofGroup = (l: DeadLetter) => l.group === GROUP;
      expect(letters.filter(ofGroup)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            topic: TOPICS.commands,
            key: 'g-poison',
            error: expect.objectContaining({ code: 'BUS_DECODE_FAILED', attempts: 0 }),
          }),
          expect.objectContaining({
            topic: TOPICS.commands,
            key: badId,
            error: expect.objectContaining({
              code: RUNNER_ERROR_CODES.INVALID_COMMAND,
              message: expect.stringContaining('atlantis'),
              attempts: 1,
            }),
          }),
        ]),
      );
      expect(all.find((l) => l['msg'] === 'command_rejected')).toMatchObject({ gameId: badId });
    },
    2 * 60_000,
  );
});
