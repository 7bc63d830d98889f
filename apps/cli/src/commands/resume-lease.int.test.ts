import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldGame } from '@arena/models';
import { openPgliteEventStore, openRedisLiveState, type LiveState } from '@arena/persistence';
import { runArena, storeSuspendedGame, tempDir } from '../cli-run.fixture';

/** The Redis service of the development and CI machines. */
const REDIS_URL = 'redis://127.0.0.1:6379';
const keyPrefix = `arena-test:${randomUUID()}:`;
const env = { REDIS_URL, ARENA_REDIS_PREFIX: keyPrefix, NO_COLOR: '1' };

let live: LiveState;

beforeAll(async () => {
  live = await openRedisLiveState({ url: REDIS_URL, keyPrefix });
});

afterAll(async () => {
  await live.close();
});

describe('arena resume under a lease (Redis live state)', () => {
  it('refuses a game another process is driving, naming it, and resumes it once free', async () => {
    const dataDir = tempDir();
    const gameId = await storeSuspendedGame(dataDir, { batches: 3 });
    const runner = await live.acquire(gameId, 'runner-7', 60_000);
    if (!runner) throw new Error('the lease of a fresh game is free');

    const refused = await runArena(['resume', gameId, '--data-dir', dataDir], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`Game ${gameId} is being played by runner-7`);

    await live.release(runner);
    const resumed = await runArena(['resume', gameId, '--json', '--data-dir', dataDir], {
      ...env,
      ARENA_RUNNER_ID: 'cli-test',
    });
    expect(resumed.err).toBe('');
    expect(resumed.code).toBe(0);
    expect(await live.holder(gameId)).toBeNull();

    const store = await openPgliteEventStore({ dataDir: join(dataDir, 'pglite') });
    try {
      const events = await store.load(gameId);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
      expect(foldGame(events).status).toBe('ended');
      // The driver published the game to live state as it went.
      expect((await live.recent(gameId, 1))[0]).toEqual(events.at(-1));
      expect((await live.acquire(gameId, 'runner-8', 1000))?.token).toBe(runner.token + 2);
    } finally {
      await store.close();
    }
  });

  it('fails with exit 1 when REDIS_URL points at no Redis', async () => {
    const dataDir = tempDir();
    const gameId = await storeSuspendedGame(dataDir, { batches: 1 });
    const run = await runArena(['resume', gameId, '--data-dir', dataDir], {
      ...env,
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(run.code).toBe(1);
    expect(run.err).toContain('Cannot reach Redis at redis://127.0.0.1:1');
  });

  it('rejects a malformed lease setting with exit 2, naming the variable', async () => {
    const run = await runArena(['resume', 'g-x'], { ...env, ARENA_LEASE_TTL_MS: '10' });
    expect(run.code).toBe(2);
    expect(run.err).toContain('ARENA_LEASE_TTL_MS');
  });
});
