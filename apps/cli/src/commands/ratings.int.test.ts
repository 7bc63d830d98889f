import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dropTestDatabase } from '@arena/persistence/testing';
import { runArena, tempDir } from '../cli-run.fixture';

interface LeaderboardJson {
  pool: string;
  entries: Array<{ key: string; mu: number; sigma: number; games: number; wins: number }>;
}

describe('arena leaderboard on Postgres (DATABASE_URL)', { timeout: 180_000 }, () => {
  let env: Record<string, string> = {};

  beforeAll(async () => {
    env = { DATABASE_URL: await createTestDatabase('cli_ratings'), ARENA_DATA_DIR: tempDir() };
  });
  afterAll(async () => {
    if (env['DATABASE_URL']) await dropTestDatabase(env['DATABASE_URL']);
  });

  const board = async () =>
    JSON.parse((await runArena(['leaderboard', '--json'], env)).out) as LeaderboardJson;

  it('rates each game as it ends and rebuilds the same numbers', async () => {
    for (const [i, seed] of [31, 32].entries()) {
      const played = await runArena(
        ['play', '--seed', String(seed), '--max-turns', '6', '--json'],
        env,
      );
      expect(played.code).toBe(0);
      expect((await board()).entries.map((e) => e.games)).toEqual(Array(6).fill(i + 1));
    }
    const kept = await board();
    const rebuilt = await runArena(['ratings', 'rebuild', '--json'], env);
    expect(rebuilt.code).toBe(0);
    expect(JSON.parse(rebuilt.out)).toMatchObject({ gamesRead: 2, gamesRated: 2 });
    expect(await board()).toEqual(kept);
    // Everything went to Postgres: no embedded store was opened.
    expect(existsSync(join(env['ARENA_DATA_DIR'] ?? '', 'pglite'))).toBe(false);
  });
});
