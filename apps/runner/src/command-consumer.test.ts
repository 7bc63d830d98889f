import type { Logger } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  TOPICS,
  createInMemoryBus,
  type MessageBus,
} from '@arena/message-bus';
import {
  COMMAND_SCHEMA_VERSION,
  GameConfigSchema,
  type GameCommand,
  type GameConfigInput,
} from '@arena/models';
import { completeLogProblems, testSpec } from '@arena/models/testing';
import { createGame } from '@arena/orchestration';
import { startCommandConsumer, type CommandConsumer } from './command-consumer';
import { RUNNER_ERROR_CODES } from './errors';
import { issueCommand, publishCommand } from './game-commands';
import { GameHost } from './game-host';
import { GameOwnership } from './game-ownership';
import {
  capturedLogger,
  createGate,
  eventually,
  fixtureConfig,
  fixtureServices,
  gatedPlayers,
  quietLogger,
  type FixtureServices,
} from './runner.fixture';

const GROUP = 'runners';

/** One runner of the group, in process: its host, its ownership and its consumer. */
interface InProcessRunner {
  host: GameHost;
  ownership: GameOwnership;
  consumer: CommandConsumer;
}

const running: InProcessRunner[] = [];

async function joinGroup(
  services: FixtureServices,
  owner: string,
  logger: Logger = quietLogger,
): Promise<InProcessRunner> {
  const ownership = new GameOwnership();
  const host = new GameHost({ services, logger, owner, owns: ownership.owns });
  const consumer = await startCommandConsumer({
    bus: services.bus,
    group: GROUP,
    services,
    host,
    ownership,
    logger,
  });
  const runner = { host, ownership, consumer };
  running.push(runner);
  return runner;
}

afterEach(async () => {
  for (const runner of running.splice(0)) {
    await runner.consumer.stop();
    await runner.host.shutdown();
  }
});

/** A bus that dead-letters invalid commands at once and retries the rest quickly. */
function busForRunners(): MessageBus {
  return createInMemoryBus({
    onError: () => undefined,
    retry: {
      ...DEFAULT_RETRY_POLICY,
      initialDelayMs: 1,
      maxDelayMs: 5,
      nonRetriableCodes: [
        ...DEFAULT_RETRY_POLICY.nonRetriableCodes,
        RUNNER_ERROR_CODES.INVALID_COMMAND,
      ],
    },
  });
}

const issuer = { issuedBy: 'test', clock: { now: () => Date.UTC(2026, 0, 1) } };
let commandCount = 0;

function createCommand(gameId: string, config: GameConfigInput = fixtureConfig()): GameCommand {
  return {
    schemaVersion: COMMAND_SCHEMA_VERSION,
    id: `c-create-${++commandCount}`,
    type: 'create_game',
    gameId,
    issuedAt: new Date(issuer.clock.now()).toISOString(),
    issuedBy: issuer.issuedBy,
    config: GameConfigSchema.parse(config),
    seed: 99,
  };
}

async function statusOf(services: FixtureServices, gameId: string) {
  return (await services.store.getGame(gameId))?.status;
}

async function untilEnded(services: FixtureServices, gameId: string): Promise<void> {
  await eventually(
    () => statusOf(services, gameId),
    (status) => status === 'ended',
  );
}

async function endingOf(services: FixtureServices, gameId: string) {
  const last = (await services.store.load(gameId)).at(-1);
  return last?.type === 'game_ended' ? last.payload : null;
}

/** The field paths a logged error names: its issues, or its one path. */
function fieldPaths(err: unknown): string[] {
  const details = (err as { details?: { issues?: Array<{ path: string }>; path?: string } })
    .details;
  return details?.issues?.map((i) => i.path) ?? (details?.path ? [details.path] : []);
}

/** Game ids that `runner` owns (from a pool of candidates). */
function ownedBy(runner: InProcessRunner, count: number): string[] {
  const ids = Array.from({ length: 64 }, (_, i) => `g-own-${i}`);
  return ids.filter((id) => runner.ownership.owns(id)).slice(0, count);
}

async function bothAssigned(a: InProcessRunner, b: InProcessRunner): Promise<void> {
  await eventually(
    async () => ownedBy(a, 1).length > 0 && ownedBy(b, 1).length > 0,
    (split) => split,
  );
}

describe('command consumer', () => {
  it('creates a game from create_game (checked like POST /games) and plays it to the end', async () => {
    const services = fixtureServices({ bus: busForRunners() });
    const { logger, lines } = capturedLogger();
    await joinGroup(services, 'runner-a', logger);

    await publishCommand(services.bus, createCommand('g-created'));
    await untilEnded(services, 'g-created');

    const log = await services.store.load('g-created');
    expect(completeLogProblems(log)).toEqual([]);
    const created = log[0];
    expect(created?.type === 'game_created' && created.payload.spec.seed).toBe(7);
    expect(lines().find((l) => l['msg'] === 'command_received')).toMatchObject({
      gameId: 'g-created',
      command: 'create_game',
      issuedBy: 'test',
    });
  });

  it('takes the command seed for a config without one, and plays an existing game once', async () => {
    const services = fixtureServices({ bus: busForRunners() });
    await joinGroup(services, 'runner-a');
    const command = createCommand('g-seedless', fixtureConfig({ seed: undefined }));

    await publishCommand(services.bus, command);
    await publishCommand(services.bus, { ...command, id: 'c-again' });
    await untilEnded(services, 'g-seedless');

    const log = await services.store.load('g-seedless');
    expect(log[0]?.type === 'game_created' && log[0].payload.spec.seed).toBe(99);
    expect(completeLogProblems(log)).toEqual([]);
  });

  it.each([
    ['an unknown scenario', fixtureConfig({ scenario: 'atlantis' }), 'scenario'],
    ['a scenario file path', fixtureConfig({ scenario: '/etc/passwd.yaml' }), 'scenario'],
    ['an unknown character', fixtureConfig({ players: ['ana', 'zed'] }), 'players.1'],
  ])(
    'rejects create_game with %s: logged, dead-lettered at once, and later commands still work',
    async (_name, config, path) => {
      const bus = busForRunners();
      const services = fixtureServices({ bus });
      const { logger, lines } = capturedLogger();
      await joinGroup(services, 'runner-a', logger);

      await publishCommand(bus, createCommand('g-bad', config));
      const [dead] = await eventually(
        () => bus.deadLetters.list(),
        (letters) => letters.length > 0,
      );
      expect(dead).toMatchObject({
        topic: TOPICS.commands,
        key: 'g-bad',
        group: GROUP,
        error: { code: RUNNER_ERROR_CODES.INVALID_COMMAND, attempts: 1 },
      });
      expect(dead?.error.message).toContain('g-bad');
      const rejected = lines().find((l) => l['msg'] === 'command_rejected');
      expect(rejected).toMatchObject({ gameId: 'g-bad', level: 40 });
      expect(fieldPaths(rejected?.['err'])).toContain(path);
      expect(await services.store.getGame('g-bad')).toBeNull();

      await publishCommand(bus, createCommand('g-good'));
      await untilEnded(services, 'g-good');
    },
  );

  it('plays a stored game on start_game and resume_game, and ignores ended and unknown games', async () => {
    const services = fixtureServices({ bus: busForRunners() });
    const { logger, lines } = capturedLogger();
    await joinGroup(services, 'runner-a', logger);
    await createGame(services, testSpec({ maxTurns: 4 }), { gameId: 'g-start' });
    await createGame(services, testSpec({ maxTurns: 4 }), { gameId: 'g-resume' });

    await publishCommand(services.bus, issueCommand('start_game', 'g-start', issuer));
    await publishCommand(services.bus, issueCommand('resume_game', 'g-resume', issuer));
    await untilEnded(services, 'g-start');
    await untilEnded(services, 'g-resume');
    await publishCommand(services.bus, issueCommand('start_game', 'g-start', issuer));
    await publishCommand(services.bus, issueCommand('resume_game', 'g-nowhere', issuer));

    const ignored = await eventually(
      async () => lines().filter((l) => l['msg'] === 'command_ignored'),
      (found) => found.length === 2,
    );
    expect(ignored.map((l) => [l['gameId'], l['reason']])).toEqual([
      ['g-start', 'game ended'],
      ['g-nowhere', 'unknown game'],
    ]);
    expect(
      (await services.store.load('g-start')).filter((e) => e.type === 'game_ended'),
    ).toHaveLength(1);
  });

  it('stops a game on stop_game in the runner that plays it, even when another runner owns it', async () => {
    const gate = createGate();
    const services = fixtureServices({ bus: busForRunners(), createPlayer: gatedPlayers(gate) });
    const driverLog = capturedLogger();
    const a = await joinGroup(services, 'runner-a', driverLog.logger);
    const b = await joinGroup(services, 'runner-b');
    await bothAssigned(a, b);
    const [gameId] = ownedBy(b, 1);
    if (!gameId) throw new Error('runner B owns a game id');
    await createGame(services, testSpec(), { gameId });
    a.host.start(gameId);
    await gate.reached;

    await publishCommand(services.bus, issueCommand('stop_game', gameId, issuer));
    await eventually(
      async () => driverLog.lines().some((l) => l['msg'] === 'game_stop_requested'),
      (heard) => heard,
    );
    gate.open();
    await untilEnded(services, gameId);

    expect(await endingOf(services, gameId)).toMatchObject({
      reason: 'aborted',
      abortCause: 'operator_stop',
    });
    expect(b.host.running()).toEqual([]);
  });

  it('ends a suspended game nobody plays on stop_game', async () => {
    const services = fixtureServices({ bus: busForRunners() });
    await joinGroup(services, 'runner-a');
    await createGame(services, testSpec(), { gameId: 'g-idle' });

    await publishCommand(services.bus, issueCommand('stop_game', 'g-idle', issuer));
    await untilEnded(services, 'g-idle');

    expect(await endingOf(services, 'g-idle')).toMatchObject({ abortCause: 'operator_stop' });
  });

  it('resumes only owned games, and hands the games of a runner that leaves to the others', async () => {
    const services = fixtureServices({ bus: busForRunners() });
    const a = await joinGroup(services, 'runner-a');
    const b = await joinGroup(services, 'runner-b');
    await bothAssigned(a, b);
    const ofA = ownedBy(a, 2);
    const ofB = ownedBy(b, 2);
    for (const gameId of [...ofA, ...ofB]) {
      await createGame(services, testSpec({ maxTurns: 3 }), { gameId });
    }

    expect((await a.host.resumeSuspended()).sort()).toEqual([...ofA].sort());
    await a.host.whenIdle();
    expect(await Promise.all(ofB.map((id) => statusOf(services, id)))).toEqual([
      'running',
      'running',
    ]);

    // Runner B leaves the group: A owns every game now and plays B's.
    running.splice(running.indexOf(b), 1);
    await b.consumer.stop();
    await b.host.shutdown();
    for (const gameId of ofB) await untilEnded(services, gameId);
    expect(ofB.every((id) => a.ownership.owns(id))).toBe(true);
  });
});

describe('GameOwnership', () => {
  it('owns nothing before the first assignment, then what the assignment owns', () => {
    const ownership = new GameOwnership();
    expect(ownership.owns('g-1')).toBe(false);
    ownership.assign({ partitions: [0], owns: (key) => key === 'g-1' });
    expect([ownership.owns('g-1'), ownership.owns('g-2')]).toEqual([true, false]);
  });
});
