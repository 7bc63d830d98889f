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
  createGameFromConfig,
  loadContentCatalog,
} from '@arena/orchestration';
import { openPostgresEventStore, type EventStore } from '@arena/persistence';
import { createTestDatabase, dropTestDatabase } from '@arena/persistence/testing';
import { driving, expectOneDriverAtATime } from './lease-log.fixture';
import { eventually } from './runner.fixture';
import {
  TEST_REDIS_URL,
  followGame,
  longGame,
  postGame,
  startRunner,
  stopRunner,
  type RunnerProcess,
} from './runner-process.fixture';

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
        REDIS_URL: TEST_REDIS_URL,
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
