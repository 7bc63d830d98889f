import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryBus } from '@arena/message-bus';
import { systemClock, type GameEvent } from '@arena/models';
import { completeLogProblems } from '@arena/models/testing';
import {
  DEFAULT_CONTENT_DIR,
  DEFAULT_PLAYER_IDS,
  createGameFromConfig,
  loadContentCatalog,
} from '@arena/orchestration';
import { openPostgresEventStore, type EventStore } from '@arena/persistence';
import { createTestDatabase, dropTestDatabase } from '@arena/persistence/testing';
import { eventually } from './runner.fixture';
import {
  followGame,
  postGame,
  startRunner,
  stopRunner,
  type LogLine,
  type RunnerProcess,
} from './runner-process.fixture';

/** The Redis service of the development and CI machines. */
const REDIS_URL = 'redis://127.0.0.1:6379';

/** A long game: no eliminations, accusations or early solve, so a kill lands mid-game. */
function longGame(seed: number) {
  return {
    scenario: 'city-water',
    players: [...DEFAULT_PLAYER_IDS],
    seed,
    maxTurns: 200,
    policy: 'weighted',
    rules: {
      elimination: { warmupRounds: 1000 },
      solved: { minRounds: 1000 },
      accusations: { maxPerPlayer: 0 },
    },
  };
}

interface Acquisition {
  runner: string;
  token: number;
  time: number;
}

interface StoredBatch {
  runner: string;
  token: number;
  first: number;
  last: number;
  time: number;
}

const num = (line: LogLine, field: string) => Number(line[field]);

/** Per game: the leases its drivers took and the batches they stored, from both runners' logs. */
function driving(lines: LogLine[], gameId: string) {
  const ofGame = lines.filter((l) => l['gameId'] === gameId);
  const acquisitions: Acquisition[] = ofGame
    .filter((l) => l['msg'] === 'game_started' || l['msg'] === 'game_resumed')
    .map((l) => ({ runner: String(l['runner']), token: num(l, 'token'), time: num(l, 'time') }));
  const batches: StoredBatch[] = ofGame
    .filter((l) => l['msg'] === 'events_stored')
    .map((l) => ({
      runner: String(l['runner']),
      token: num(l, 'token'),
      first: num(l, 'first'),
      last: num(l, 'last'),
      time: num(l, 'time'),
    }))
    .sort((x, y) => x.first - y.first);
  return { acquisitions, batches };
}

/**
 * No two drivers of one game overlap: every token is one runner's acquisition, no seq is stored
 * twice, no batch of an older lease follows one of a newer lease, and every holder stored its
 * last batch before the next holder took the lease.
 */
function expectOneDriverAtATime(lines: LogLine[], gameId: string): Acquisition[] {
  const { acquisitions, batches } = driving(lines, gameId);
  const byToken = new Map(acquisitions.map((a) => [a.token, a]));
  expect(byToken.size).toBe(acquisitions.length);
  batches.forEach((batch, i) => {
    expect(byToken.get(batch.token)?.runner).toBe(batch.runner);
    const previous = batches[i - 1];
    if (!previous) return;
    expect(batch.first).toBeGreaterThan(previous.last);
    expect(batch.token).toBeGreaterThanOrEqual(previous.token);
  });
  const ordered = [...acquisitions].sort((x, y) => x.token - y.token);
  ordered.forEach((acquisition, i) => {
    const next = ordered[i + 1];
    if (!next) return;
    const lastStored = Math.max(
      acquisition.time,
      ...batches.filter((b) => b.token === acquisition.token).map((b) => b.time),
    );
    expect(lastStored).toBeLessThanOrEqual(next.time);
  });
  return ordered;
}

let databaseUrl: string;
let store: EventStore;
const runners: RunnerProcess[] = [];

beforeAll(async () => {
  databaseUrl = await createTestDatabase('two_runners');
  // Migrates the fresh database before any runner opens it.
  store = await openPostgresEventStore({ url: databaseUrl });
});

afterAll(async () => {
  for (const runner of runners) if (runner.child.exitCode === null) runner.child.kill('SIGKILL');
  await Promise.all(runners.map((r) => r.exited));
  await store.close();
  await dropTestDatabase(databaseUrl);
});

describe('two runners on one Postgres and one Redis', () => {
  it(
    'never drive one game at the same time, and the survivor finishes the games of a killed runner',
    async () => {
      const env = {
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        ARENA_REDIS_PREFIX: `arena-test:${randomUUID()}:`,
        ARENA_LEASE_TTL_MS: '2000',
        ARENA_LOG_LEVEL: 'debug',
        ARENA_DATA_DIR: mkdtempSync(join(tmpdir(), 'arena-two-runners-')),
      };
      const a = await startRunner({ ...env, ARENA_RUNNER_ID: 'runner-a' });
      runners.push(a);
      const b = await startRunner({ ...env, ARENA_RUNNER_ID: 'runner-b' });
      runners.push(b);

      // Games nobody asked a runner to play: both runners' sweeps race for them.
      const services = { store, bus: createInMemoryBus(), clock: systemClock };
      const catalog = loadContentCatalog(DEFAULT_CONTENT_DIR);
      const orphans = ['g-orphan-1', 'g-orphan-2'];
      for (const [i, gameId] of orphans.entries()) {
        await createGameFromConfig(services, catalog, longGame(10 + i), { gameId, defaultSeed: 0 });
      }
      const ofA = [await postGame(a.base, longGame(1)), await postGame(a.base, longGame(2))];
      const ofB = [await postGame(b.base, longGame(3))];
      const all = [...orphans, ...ofA, ...ofB];

      // A spectator on runner B watches a game runner A drives, through the kill.
      const [watchedId] = ofA;
      if (!watchedId) throw new Error('runner A has games');
      const watched = followGame(b.base, watchedId);

      await eventually(
        () => Promise.all(ofA.map((id) => store.getGame(id))),
        (games) => games.every((g) => g !== null && g.lastSeq >= 60),
      );
      a.child.kill('SIGKILL');
      expect(await a.exited).toBe('SIGKILL');
      const atKill = await Promise.all(all.map((id) => store.getGame(id)));
      const linesOfA = a.logs();
      const heldByA = all.filter((gameId, i) => {
        const last = driving(linesOfA, gameId).acquisitions.at(-1);
        return last !== undefined && atKill[i]?.status === 'running';
      });
      expect(heldByA).toEqual(expect.arrayContaining(ofA));

      await eventually(
        () => Promise.all(all.map((id) => store.getGame(id))),
        (games) => games.every((g) => g?.status === 'ended'),
      );
      const spectator = await watched;
      expect(await stopRunner(b)).toBe(0);

      const lines = [...linesOfA, ...b.logs()];
      expect(lines.filter((l) => l['msg'] === 'game_failed')).toEqual([]);
      for (const gameId of all) {
        const log = await store.load(gameId);
        expect(completeLogProblems(log)).toEqual([]);
        const holders = expectOneDriverAtATime(lines, gameId);
        expect(holders.length).toBeGreaterThanOrEqual(1);
        if (heldByA.includes(gameId)) {
          // Runner B took the game over after runner A died, under a newer lease.
          expect(holders.at(-1)?.runner).toBe('runner-b');
          expect(holders.map((h) => h.runner)).toContain('runner-a');
        }
      }
      const takenOver = b
        .logs()
        .filter((l) => l['msg'] === 'games_taken_over')
        .flatMap((l) => l['games'] as string[]);
      expect(takenOver).toEqual(expect.arrayContaining(ofA));

      // The spectator on B saw the whole game, driven first by A and then by B, once and in order.
      const stored: GameEvent[] = await store.load(watchedId);
      expect(spectator.map((e) => e.seq)).toEqual(stored.map((e) => e.seq));
      expect(spectator).toEqual(stored);
    },
    10 * 60_000,
  );
});
