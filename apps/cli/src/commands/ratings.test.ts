import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GameSpec } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { openPgliteEventStore } from '@arena/persistence';
import { createRatingUpdater } from '@arena/scoring';
import { runArena, tempDir, type CliRun } from '../cli-run.fixture';
import type { LeaderboardEntry } from './ratings';

interface LeaderboardJson {
  pool: string;
  entries: LeaderboardEntry[];
}

const leaderboardOf = (run: CliRun) => JSON.parse(run.out) as LeaderboardJson;

/**
 * Stores a finished four-seat game whose seats alternate between two model specs, through a
 * store that rates as the CLI's does (`ana` wins, `di` is out first).
 */
async function storeMixedModelGame(dataDir: string, gameId: string): Promise<void> {
  const base = testSpec();
  const spec: GameSpec = {
    ...base,
    seats: base.seats.map((s, i) => ({ ...s, model: i % 2 === 0 ? 'sim' : 'ollama:llama3.1:8b' })),
  };
  const standings = spec.seats.map((s, i) => ({
    playerId: s.playerId,
    name: s.profile.name,
    points: 4 - i,
    turns: 3,
    standing: 4 - i,
    status: i === 0 ? ('active' as const) : ('eliminated' as const),
    place: i + 1,
  }));
  const events = buildLog(
    gameId,
    [
      { type: 'game_created', payload: { spec } },
      {
        type: 'game_ended',
        payload: {
          reason: 'one_survivor',
          detail: 'Ana is the last one standing.',
          abortCause: null,
          winnerId: 'P1',
          standings,
        },
      },
    ],
    // Ends after the games played before it, as the log orders finished games by end time.
    Date.now(),
  );
  const store = await openPgliteEventStore({
    dataDir: join(dataDir, 'pglite'),
    ratings: createRatingUpdater(),
  });
  try {
    await store.append(events);
  } finally {
    await store.close();
  }
}

// Each command opens the PGlite store in a worker: allow for a loaded machine.
describe('arena leaderboard and arena ratings rebuild', { timeout: 180_000 }, () => {
  const dataDir = tempDir('arena-ratings-');
  const arena = (...argv: string[]) => runArena([...argv, '--data-dir', dataDir]);
  let afterGames: LeaderboardJson | undefined;

  beforeAll(async () => {
    const empty = await arena('leaderboard');
    expect(empty.code).toBe(0);
    expect(empty.out).toBe(
      'No character ratings yet: ratings appear as games end (arena play), or from stored games with arena ratings rebuild.',
    );
  });

  it('updates the leaderboard as each game ends, without a rebuild', async () => {
    for (const [i, seed] of [11, 12, 13].entries()) {
      const played = await arena('play', '--seed', String(seed), '--max-turns', '6', '--json');
      expect(played.code).toBe(0);
      const board = leaderboardOf(await arena('leaderboard', '--json'));
      expect(board.pool).toBe('character');
      expect(board.entries).toHaveLength(6);
      expect(board.entries.map((e) => e.games)).toEqual(Array(6).fill(i + 1));
      expect(board.entries.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5, 6]);
      const ratings = board.entries.map((e) => e.rating);
      expect([...ratings].sort((a, b) => b - a)).toEqual(ratings);
      afterGames = board;
    }
    const entry = afterGames?.entries[0];
    expect(entry?.name).toEqual(expect.any(String));
    expect(entry?.rating).toBeCloseTo((entry?.mu ?? 0) - 3 * (entry?.sigma ?? 0), 10);
    expect(entry?.interval.low).toBeCloseTo((entry?.mu ?? 0) - 2 * (entry?.sigma ?? 0), 10);
    expect(afterGames?.entries.reduce((n, e) => n + e.wins, 0)).toBe(3);
  });

  it('prints the leaderboard as a table with names, ratings and intervals', async () => {
    const table = await arena('leaderboard', '--limit', '2');
    expect(table.code).toBe(0);
    expect(table.lines[0]).toContain('Leaderboard by character');
    expect(table.lines[2]).toMatch(/#\s+character\s+rating\s+interval\s+μ\s+σ\s+games\s+wins/);
    const first = afterGames?.entries[0];
    expect(table.lines[3]).toContain(`  1  ${first?.key} (${first?.name})`);
    expect(table.lines[3]).toContain(first?.rating.toFixed(2));
    expect(table.lines[3]).toMatch(/\[-?\d+\.\d\d, \d+\.\d\d\]/);
    expect(table.lines).toHaveLength(5);
  });

  it('rebuilds the same numbers from the event log', async () => {
    const rebuilt = await arena('ratings', 'rebuild');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.out).toMatch(
      /^Rebuilt ratings from 3 finished games \(3 rated\): 6 characters, 0 models in \d+\.\d\d s\.$/,
    );
    expect(leaderboardOf(await arena('leaderboard', '--json'))).toEqual(afterGames);
    const json = JSON.parse((await arena('ratings', 'rebuild', '--json')).out) as unknown;
    expect(json).toEqual({
      gamesRead: 3,
      gamesRated: 3,
      keys: { character: 6, model: 0 },
      seconds: expect.any(Number),
    });
  });

  it('rates models only from games that seat more than one', async () => {
    expect((await arena('leaderboard', '--by', 'model')).out).toBe(
      'No model ratings yet: ratings appear as games end (arena play), or from stored games with arena ratings rebuild.',
    );
    await storeMixedModelGame(dataDir, 'g-mixed');
    const models = leaderboardOf(await arena('leaderboard', '--by', 'model', '--json'));
    expect(models.pool).toBe('model');
    expect(models.entries.map((e) => [e.key, e.name, e.games])).toEqual([
      ['sim', null, 1],
      ['ollama:llama3.1:8b', null, 1],
    ]);
    expect(models.entries[0]?.wins).toBe(1);
    const characters = leaderboardOf(await arena('leaderboard', '--json', '--limit', '10'));
    expect(characters.entries).toHaveLength(10);
    // Characters outside the shipped catalog take their name from the game they played.
    expect(characters.entries.find((e) => e.key === 'ana')?.name).toBe('Ana');

    const rebuilt = JSON.parse((await arena('ratings', 'rebuild', '--json')).out) as unknown;
    expect(rebuilt).toMatchObject({
      gamesRead: 4,
      gamesRated: 4,
      keys: { character: 10, model: 2 },
    });
    expect(leaderboardOf(await arena('leaderboard', '--by', 'model', '--json'))).toEqual(models);
  });

  it('rejects bad flags and arguments with exit code 2, naming what is allowed', async () => {
    const cases: [string[], RegExp][] = [
      [['leaderboard', '--by', 'team'], /--by: must be one of character, model/],
      [['leaderboard', '--limit', '0'], /--limit: must be at least 1/],
      [['leaderboard', '--limit', 'ten'], /--limit: must be a whole number from 1 to 10000/],
      [
        ['leaderboard', 'model'],
        /leaderboard takes no arguments \(got model\).*--by character\|model/,
      ],
      [
        ['leaderboard', '--pool', 'model'],
        /Unknown option '--pool'.*Allowed flags: --data-dir, --json, --help, --by, --limit/,
      ],
      [['ratings'], /ratings takes one subcommand, one of: rebuild \(got none\)/],
      [['ratings', 'redo'], /one of: rebuild \(got redo\)/],
      [['ratings', 'rebuild', 'now'], /one of: rebuild \(got rebuild now\)/],
      [['ratings', 'rebuild', '--by', 'model'], /Unknown option '--by'/],
    ];
    for (const [argv, message] of cases) {
      const run = await runArena(argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: 2 });
      expect(run.err).toMatch(message);
    }
  });

  it('prints its help', async () => {
    expect((await runArena(['leaderboard', '--help'])).out).toContain('arena leaderboard [--by');
    expect((await runArena(['ratings', '--help'])).out).toContain('arena ratings rebuild');
  });
});
