/**
 * Crash resume, proven on the real CLI: games are played by child processes that are killed
 * with SIGKILL at seeded random moments (while starting, or right after a random committed
 * batch) and resumed with `arena resume` (killed too) until they end; each final log must be
 * whole and equal, but for wall-clock fields, to the log of an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gameResponder } from '@arena/agents/testing';
import { createRng, type GameEvent, type Rng } from '@arena/models';
import { completeLogProblems, reproducibleEvent } from '@arena/models/testing';
import { openPgliteEventStore, openPostgresEventStore, type EventStore } from '@arena/persistence';
import { createTestDatabase, dropTestDatabase } from '@arena/persistence/testing';
import { loopbackPool } from './loopback.fixture';

const root = resolve(import.meta.dirname, '../../..');
const models = loopbackPool();
afterEach(() => models.closeAll());

/** Where the CLI keeps its games: the settings it is started with, and how to read them here. */
interface Backend {
  env: Record<string, string>;
  open(): Promise<EventStore>;
  dispose(): Promise<void>;
}

async function pgliteBackend(): Promise<Backend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'arena-kill-'));
  return {
    env: { ARENA_DATA_DIR: dataDir },
    open: () => openPgliteEventStore({ dataDir: join(dataDir, 'pglite') }),
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A fresh database on the Postgres service (the CLI migrates it when it first opens it). */
async function postgresBackend(): Promise<Backend> {
  const url = await createTestDatabase('kill');
  return {
    env: { DATABASE_URL: url },
    open: () => openPostgresEventStore({ url }),
    dispose: () => dropTestDatabase(url),
  };
}

/** Kill the process `delayMs` after its `afterLines`-th line of output (0: after it started). */
interface KillPoint {
  afterLines: number;
  delayMs: number;
}

interface ChildRun {
  killed: boolean;
  code: number | null;
  stderr: string;
  /** Time from the start to the first line of output; null when nothing was printed. */
  firstLineMs: number | null;
}

/**
 * Runs the real CLI (`node --import tsx apps/cli/src/bin.ts …`) with only the given settings in
 * its environment, and SIGKILLs it at `kill` unless it exits first.
 */
function runCliProcess(
  args: string[],
  env: Record<string, string>,
  kill: KillPoint | null,
): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/bin.ts', ...args], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      NO_COLOR: '1',
      ...env,
    },
  });
  const started = performance.now();
  let firstLineMs: number | null = null;
  let lines = 0;
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  const armKill = () => {
    if (kill) timer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
  };
  if (kill?.afterLines === 0) armKill();
  child.stdout.on('data', (chunk: Buffer) => {
    for (const byte of chunk) {
      if (byte !== 0x0a) continue;
      lines += 1;
      firstLineMs ??= performance.now() - started;
      if (kill && lines === kill.afterLines) armKill();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ killed: signal === 'SIGKILL', code, stderr, firstLineMs });
    });
  });
}

async function withStore<T>(backend: Backend, fn: (store: EventStore) => Promise<T>): Promise<T> {
  const store = await backend.open();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The id of the one game stored, or null when the process died before creating it. */
async function storedGame(backend: Backend): Promise<{ gameId: string; events: number } | null> {
  return withStore(backend, async (store) => {
    const games = await store.listGames();
    expect(games.length).toBeLessThanOrEqual(1);
    const game = games[0];
    return game ? { gameId: game.gameId, events: game.lastSeq + 1 } : null;
  });
}

async function storedLog(backend: Backend, gameId: string): Promise<GameEvent[]> {
  return withStore(backend, (store) => store.load(gameId));
}

/**
 * Where to kill the next run: a quarter of the kills land while the process starts (loading
 * code, opening and migrating the store, folding the log: before its first line, which took
 * `startupMs` last time), the rest a few milliseconds after a random committed batch was
 * printed, spread over the events still to come so that the process is still playing.
 */
function drawKill(rng: Rng, remaining: number, killsLeft: number, startupMs: number): KillPoint {
  if (rng.chance(0.25)) return { afterLines: 0, delayMs: Math.floor(rng.next() * startupMs) };
  const span = Math.max(1, Math.floor((1.5 * remaining) / (killsLeft + 1)));
  return { afterLines: 1 + rng.int(span), delayMs: rng.int(25) };
}

interface KillGame {
  /** `arena play` flags (a fixed seed among them). */
  play: string[];
  kills: number;
  /** Seeds where the kills land. */
  killSeed: number;
}

/** How long a game is expected to be, and how long the CLI took to print its first line. */
interface Expected {
  events: number;
  startupMs: number;
}

/**
 * Plays `game` on `backend` with the process killed `game.kills` times at seeded random points,
 * spread over about `expected.events` events, and `arena resume` run after every kill (itself
 * killed too) until the game has ended. Returns the stored log and how many times a process
 * was actually killed.
 */
async function playKilled(
  game: KillGame,
  backend: Backend,
  expected: Expected,
  env: Record<string, string> = {},
): Promise<{ log: GameEvent[]; kills: number }> {
  let { startupMs } = expected;
  const rng = createRng(game.killSeed);
  let stored: { gameId: string; events: number } | null = null;
  let kills = 0;
  for (let run = 0; ; run++) {
    // Far more runs than kills would mean the game no longer advances between kills.
    expect(run).toBeLessThan(game.kills + 10);
    const args = stored ? ['resume', stored.gameId, '--json'] : ['play', ...game.play, '--json'];
    const remaining = Math.max(1, expected.events - (stored?.events ?? 0));
    const kill =
      kills < game.kills ? drawKill(rng, remaining, game.kills - kills, startupMs) : null;
    const result = await runCliProcess(args, { ...backend.env, ...env }, kill);
    startupMs = result.firstLineMs ?? startupMs;
    if (!result.killed) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      break;
    }
    kills += 1;
    stored = await storedGame(backend);
  }
  if (!stored) throw new Error('the game was never created');
  return { log: await storedLog(backend, stored.gameId), kills };
}

/** Plays `game` through to the end in one process; its stored log and the time to its first line. */
async function playUninterrupted(
  play: string[],
  backend: Backend,
  env: Record<string, string> = {},
): Promise<{ log: GameEvent[]; startupMs: number }> {
  const run = await runCliProcess(['play', ...play, '--json'], { ...backend.env, ...env }, null);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const game = await storedGame(backend);
  if (!game) throw new Error('the uninterrupted run stored no game');
  return { log: await storedLog(backend, game.gameId), startupMs: run.firstLineMs ?? 0 };
}

/** Fresh stores from `open` for one game, disposed of afterwards. */
async function withBackends<T>(
  open: () => Promise<Backend>,
  fn: (reference: Backend, killed: Backend) => Promise<T>,
): Promise<T> {
  const reference = await open();
  const killed = await open();
  try {
    return await fn(reference, killed);
  } finally {
    await reference.dispose();
    await killed.dispose();
  }
}

/** Expects `log` to be complete and, but for wall-clock fields, equal to `expected`. */
function expectSameGame(log: GameEvent[], expected: GameEvent[]): void {
  expect(completeLogProblems(expected)).toEqual([]);
  expect(completeLogProblems(log)).toEqual([]);
  expect(log.map(reproducibleEvent)).toEqual(expected.map(reproducibleEvent));
}

// Seven kills drawn per game: on a loaded machine a kill drawn late may find the game already
// ended, and at least ten must land across the three games.
const GAMES: KillGame[] = [
  { play: ['--seed', '101', '--max-turns', '40'], kills: 7, killSeed: 1 },
  {
    play: ['--seed', '202', '--max-turns', '30', '--policy', 'bidding', '--mode', 'cooperative'],
    kills: 7,
    killSeed: 2,
  },
  {
    play: ['--seed', '303', '--max-turns', '40', '--policy', 'adversarial', '--mode', 'mixed'],
    kills: 7,
    killSeed: 3,
  },
];

describe('crash resume: the CLI killed with SIGKILL at random points', () => {
  it.each([
    ['PGlite', pgliteBackend],
    ['Postgres', postgresBackend],
  ] as const)(
    'ends every sim game with the log of an uninterrupted run, with no lost or duplicated events (%s)',
    async (_name, open) => {
      let kills = 0;
      for (const game of GAMES) {
        kills += await withBackends(open, async (reference, killed) => {
          const expected = await playUninterrupted(game.play, reference);
          const played = await playKilled(game, killed, {
            events: expected.log.length,
            startupMs: expected.startupMs,
          });
          expectSameGame(played.log, expected.log);
          return played.kills;
        });
      }
      // A kill drawn late in a game may land after the game has ended; most land.
      expect(kills).toBeGreaterThanOrEqual(10);
    },
    30 * 60_000,
  );

  it(
    'replays the calls recorded before each kill from the cassette, so the log is the recorded game',
    async () => {
      // Every call gets another answer, even to the same prompt: only the cassette makes a
      // resumed game take the answers the killed process had received.
      let calls = 0;
      const model = await models.start((request) => gameResponder({ seed: calls++ })(request));
      const game: KillGame = {
        play: ['--seed', '404', '--max-turns', '16', '--model', model.spec, '--judge', model.spec],
        kills: 4,
        killSeed: 4,
      };
      await withBackends(pgliteBackend, async (reference, killed) => {
        const cassette = join(mkdtempSync(join(tmpdir(), 'arena-kill-cassette-')), 'c.jsonl');
        // About 9 events a turn; the time to the first line is measured by every run.
        const played = await playKilled(
          game,
          killed,
          { events: 16 * 9, startupMs: 1000 },
          { ARENA_CASSETTE: cassette },
        );
        // The answers vary from run to run, and with them the game's length: most kills land.
        expect(played.kills).toBeGreaterThanOrEqual(2);
        await models.closeAll();
        // The whole game again from the cassette alone, offline, in one process.
        const expected = await playUninterrupted(game.play, reference, {
          ARENA_CASSETTE: cassette,
          ARENA_CASSETTE_MODE: 'replay',
        });
        expectSameGame(played.log, expected.log);
      });
    },
    10 * 60_000,
  );
});
