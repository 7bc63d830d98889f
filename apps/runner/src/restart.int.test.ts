import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng, type GameEvent } from '@arena/models';
import { completeLogProblems, reproducibleEvent } from '@arena/models/testing';
import { DEFAULT_PLAYER_IDS } from '@arena/orchestration';
import { openPgliteEventStore } from '@arena/persistence';
import {
  TEST_REDIS_URL,
  followGame,
  postGame,
  startRunner,
  stopRunner,
  type RunnerProcess,
} from './runner-process.fixture';

const CONFIG = {
  scenario: 'city-water',
  players: [...DEFAULT_PLAYER_IDS],
  seed: 4242,
  maxTurns: 40,
  policy: 'weighted',
};

async function storedLog(dataDir: string, gameId: string): Promise<GameEvent[]> {
  const store = await openPgliteEventStore({ dataDir: join(dataDir, 'pglite') });
  try {
    return await store.load(gameId);
  } finally {
    await store.close();
  }
}

/** A runner on `dataDir`; a killed runner's lease lapses after a second. */
function runnerOn(dataDir: string, live: Record<string, string>): Promise<RunnerProcess> {
  return startRunner({
    ARENA_DATA_DIR: dataDir,
    ARENA_LOG_LEVEL: 'info',
    ARENA_LEASE_TTL_MS: '1000',
    ...live,
  });
}

describe('runner restart after SIGKILL', () => {
  it.each([
    ['in-process leases', () => ({})],
    // The new runner finds the dead one's lease and takes the game once it lapses.
    [
      'Redis leases',
      () => ({ REDIS_URL: TEST_REDIS_URL, ARENA_REDIS_PREFIX: `arena-test:${randomUUID()}:` }),
    ],
  ] as const)(
    'resumes its unfinished game on start and ends it with the log of an uninterrupted run (%s)',
    async (_name, liveSettings) => {
      const live = liveSettings();
      const referenceDir = mkdtempSync(join(tmpdir(), 'arena-runner-ref-'));
      const reference = await runnerOn(referenceDir, live);
      const referenceId = await postGame(reference.base, CONFIG);
      const played = await followGame(reference.base, referenceId);
      expect(played.at(-1)?.type).toBe('game_ended');
      expect(await stopRunner(reference)).toBe(0);
      const expected = await storedLog(referenceDir, referenceId);
      expect(completeLogProblems(expected)).toEqual([]);

      // Two kills at seeded random points; the third runner is left to finish the game.
      const rng = createRng(17);
      const first = 10 + rng.int(Math.floor(expected.length / 2));
      // The second kill lands well before the end, so the game is mid-way whatever the delay.
      const killAt = [first, first + 10 + rng.int(expected.length - first - 70)];
      const dataDir = mkdtempSync(join(tmpdir(), 'arena-runner-killed-'));
      let runner = await runnerOn(dataDir, live);
      const gameId = await postGame(runner.base, CONFIG);
      for (const seq of killAt) {
        const current = runner;
        const delayMs = rng.int(20);
        await followGame(current.base, gameId, (event) => {
          if (event.seq === seq) setTimeout(() => current.child.kill('SIGKILL'), delayMs);
        });
        expect(await current.exited).toBe('SIGKILL');
        const partial = await storedLog(dataDir, gameId);
        expect(partial.length).toBeGreaterThan(seq);
        expect(partial.at(-1)?.type).not.toBe('game_ended');
        // Nothing asks the new runner to play the game: it picks it up by itself.
        runner = await runnerOn(dataDir, live);
      }
      const resumed = await followGame(runner.base, gameId);
      expect(resumed.at(-1)?.type).toBe('game_ended');
      expect(await stopRunner(runner)).toBe(0);

      const final = await storedLog(dataDir, gameId);
      expect(completeLogProblems(final)).toEqual([]);
      expect(final.map(reproducibleEvent)).toEqual(expected.map(reproducibleEvent));
    },
    10 * 60_000,
  );
});
