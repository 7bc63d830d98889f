/**
 * The runner commands against a real runner process: `start` a sim game, `list` it, `watch` it
 * to its end from other processes (the runner's event stream, and the store with live state),
 * `stop` a long game, a missing token refused, and `replay` giving back the stored log (through
 * the runner while it holds the store, then from the store).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameEvent } from '@arena/models';
import { openPgliteEventStore } from '@arena/persistence';
import { createTestDatabase, dropTestDatabase } from '@arena/persistence/testing';
import {
  runArenaProcess,
  spawnArena,
  startRunnerChild,
  type ArenaProcessRun,
  type RunnerChild,
} from './processes.fixture';

const TOKEN = 'cli-int-token-0123456789';
const REDIS_URL = 'redis://127.0.0.1:6379';
const PLAYERS = 'amara-teodoro,cassius-vell,hanne-solberg,idris-halloran';

const events = (run: ArenaProcessRun): GameEvent[] =>
  run.lines.map((line) => JSON.parse(line) as GameEvent);

function expectOk(run: ArenaProcessRun, what: string): void {
  expect(run.code, `${what} exited ${run.code}:\n${run.err}`).toBe(0);
}

/** Start a sim game on the runner through the CLI and return its id. */
async function startGame(base: string, extra: string[]): Promise<string> {
  const run = await runArenaProcess([
    'start',
    '--runner',
    base,
    '--token',
    TOKEN,
    '--json',
    ...extra,
  ]);
  expectOk(run, 'arena start');
  const created = JSON.parse(run.out) as { id: string; seed: number };
  expect(created.id).toMatch(/^g-/);
  return created.id;
}

/** A game that plays to its turn limit: no eliminations, accusations or early solve. */
function longGameConfig(dir: string): string {
  const path = join(dir, 'long-game.json');
  writeFileSync(
    path,
    JSON.stringify({
      scenario: 'city-water',
      players: PLAYERS.split(','),
      seed: 3,
      maxTurns: 10_000,
      rules: {
        elimination: { warmupRounds: 1000 },
        solved: { minRounds: 1000 },
        accusations: { maxPerPlayer: 0 },
      },
    }),
  );
  return path;
}

describe('runner commands against a runner on the embedded store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'arena-cli-runner-'));
  let runner: RunnerChild;
  let played: string;
  let watchedText: ArenaProcessRun;
  let watchedJson: ArenaProcessRun;

  beforeAll(async () => {
    runner = await startRunnerChild({
      ARENA_DATA_DIR: dataDir,
      ARENA_API_TOKENS: TOKEN,
      ARENA_LOG_LEVEL: 'warn',
    });
  }, 180_000);

  afterAll(async () => {
    await runner?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('starts a game, lists it, and watches it to the end from other processes', async () => {
    played = await startGame(runner.base, [
      '--scenario',
      'city-water',
      '--players',
      PLAYERS,
      '--seed',
      '11',
      '--max-turns',
      '24',
    ]);
    const text = spawnArena(['watch', played, '--runner', runner.base, '--token', TOKEN]);
    const json = spawnArena(['watch', played, '--json'], {
      ARENA_RUNNER_URL: runner.base,
      ARENA_API_TOKEN: TOKEN,
    });

    const listed = await runArenaProcess([
      'list',
      '--runner',
      runner.base,
      '--token',
      TOKEN,
      '--json',
    ]);
    expectOk(listed, 'arena list');
    const page = JSON.parse(listed.out) as { games: Array<{ gameId: string; scenarioId: string }> };
    expect(page.games.map((g) => g.gameId)).toContain(played);
    const table = await runArenaProcess(['list', '--scenario', 'city-water'], {
      ARENA_RUNNER_URL: runner.base,
      ARENA_API_TOKEN: TOKEN,
    });
    expectOk(table, 'arena list (table)');
    expect(table.out).toContain(played);

    watchedText = await text.done;
    watchedJson = await json.done;
    expectOk(watchedText, 'arena watch');
    expectOk(watchedJson, 'arena watch --json');
    const log = events(watchedJson);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i));
    expect(log.at(-1)?.type).toBe('game_ended');
    expect(watchedText.out).toContain('Game over:');
  }, 300_000);

  it('stops a long game through the runner: it ends as an operator stop', async () => {
    const id = await startGame(runner.base, ['--config', longGameConfig(dataDir)]);
    const follow = spawnArena(['watch', id, '--json', '--runner', runner.base, '--token', TOKEN]);
    const stopped = await runArenaProcess(['stop', id, '--runner', runner.base, '--token', TOKEN]);
    expectOk(stopped, 'arena stop');
    expect(stopped.out).toContain(`Stop of game ${id} accepted`);
    const watched = await follow.done;
    expectOk(watched, 'arena watch of the stopped game');
    const ended = events(watched).at(-1);
    expect(ended).toMatchObject({
      type: 'game_ended',
      payload: { reason: 'aborted', abortCause: 'operator_stop' },
    });
    const again = await runArenaProcess(['stop', id, '--runner', runner.base, '--token', TOKEN]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('409');
  }, 300_000);

  it('refuses a missing or wrong token, an unknown game and a bad config with exit 2', async () => {
    const missing = await runArenaProcess(['start', '--runner', runner.base]);
    expect(missing.code, missing.err).toBe(2);
    expect(missing.err).toMatch(/401.*ARENA_API_TOKEN.*--token/s);
    const wrong = await runArenaProcess(['stop', 'g-00000000'], {
      ARENA_RUNNER_URL: runner.base,
      ARENA_API_TOKEN: 'not-the-token-0123456789',
    });
    expect(wrong.code, wrong.err).toBe(2);
    expect(wrong.err).toContain('not one of the runner');
    const unknown = await runArenaProcess([
      'watch',
      'g-00000000',
      '--runner',
      runner.base,
      '--token',
      TOKEN,
    ]);
    expect(unknown.code, unknown.err).toBe(2);
    expect(unknown.err).toContain('404');
    // A config the runner refuses (a file path instead of a shipped id): 400 with the field path.
    const refused = await runArenaProcess([
      ...['start', '--runner', runner.base, '--token', TOKEN],
      ...['--players', 'amara-teodoro,./elsewhere/zed.yaml'],
    ]);
    expect(refused.code, refused.err).toBe(2);
    expect(refused.err).toMatch(/400 .*\n {2}- \S*players\.1\S*: .*file path/);
  }, 120_000);

  it('start --follow prints the id, then the live transcript to the end', async () => {
    const run = await runArenaProcess(
      ['start', '--players', PLAYERS, '--seed', '9', '--max-turns', '8', '--follow'],
      { ARENA_RUNNER_URL: runner.base, ARENA_API_TOKEN: TOKEN },
    );
    expectOk(run, 'arena start --follow');
    expect(run.lines[0]).toMatch(/^g-[0-9a-f]{8}$/);
    expect(run.lines[1]).toMatch(/^Arena · /);
    expect(run.out).toContain('Game over:');
    // Not a terminal: the spinner printed plain lines on stderr.
    expect(run.err).toContain(`✓ Started game ${run.lines[0]}`);
    expect(run.err).not.toContain('\u001b');
  }, 300_000);

  it('replays a game through the runner as its stored log; an unknown id is exit 2', async () => {
    const exported = await fetch(`${runner.base}/games/${played}/export?format=jsonl`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(exported.status).toBe(200);
    const body = await exported.text();
    const stored = body
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as GameEvent);
    expect(stored.at(-1)?.type).toBe('game_ended');

    const replayed = await runArenaProcess([
      ...['replay', played, '--json', '--delay-ms', '0'],
      ...['--runner', runner.base, '--token', TOKEN],
    ]);
    expectOk(replayed, 'arena replay --runner --json');
    expect(events(replayed)).toEqual(stored);
    expect(events(replayed)).toEqual(events(watchedJson));

    // The store is held by the runner: the runner is the way to the log, and it prints as watch.
    const text = await runArenaProcess(['replay', played, '--delay-ms', '0'], {
      ARENA_RUNNER_URL: runner.base,
    });
    expectOk(text, 'arena replay (ARENA_RUNNER_URL)');
    expect(text.out).toBe(watchedText.out);

    const unknown = await runArenaProcess([
      ...['replay', 'g-00000000', '--json'],
      ...['--runner', runner.base, '--token', TOKEN],
    ]);
    expect(unknown.code, unknown.err).toBe(2);
    expect(unknown.err).toContain('replay game g-00000000: the runner answered 404');
    expect(unknown.out).toBe('');
  }, 300_000);

  it('shows the same transcript as watch, and replays the stored log in order', async () => {
    await runner.stop();
    const shown = await runArenaProcess(['show', played, '--data-dir', dataDir]);
    expectOk(shown, 'arena show');
    expect(watchedText.out).toBe(shown.out);

    const replayed = await runArenaProcess([
      'replay',
      played,
      '--json',
      '--delay-ms',
      '0',
      '--data-dir',
      dataDir,
    ]);
    expectOk(replayed, 'arena replay --json');
    const store = await openPgliteEventStore({ dataDir: join(dataDir, 'pglite') });
    try {
      const stored = await store.load(played);
      expect(events(replayed)).toEqual(stored);
      expect(events(watchedJson)).toEqual(stored);
    } finally {
      await store.close();
    }
    const listed = await runArenaProcess([
      'list',
      '--status',
      'ended',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expectOk(listed, 'arena list from the store');
    expect(JSON.parse(listed.out)).toMatchObject({ total: 3 });
  }, 300_000);
});

describe('watch through the store and live state (Postgres and Redis)', () => {
  let databaseUrl: string;
  let runner: RunnerChild;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('cli_watch');
    runner = await startRunnerChild({
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      ARENA_API_TOKENS: TOKEN,
      ARENA_LOG_LEVEL: 'warn',
    });
  }, 180_000);

  afterAll(async () => {
    await runner?.stop();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  }, 60_000);

  it('follows a game the runner plays to its end without the runner, as show prints it', async () => {
    const id = await startGame(runner.base, [
      '--players',
      PLAYERS,
      '--seed',
      '5',
      '--max-turns',
      '24',
    ]);
    const env = { DATABASE_URL: databaseUrl, REDIS_URL };
    const [fromStore, fromStoreJson, fromRunner] = await Promise.all([
      runArenaProcess(['watch', id], env),
      runArenaProcess(['watch', id, '--json'], env),
      runArenaProcess(['watch', id, '--runner', runner.base]),
    ]);
    expectOk(fromStore, 'arena watch (store)');
    expectOk(fromStoreJson, 'arena watch --json (store)');
    expectOk(fromRunner, 'arena watch (runner)');
    expect(fromStore.out).toBe(fromRunner.out);
    const shown = await runArenaProcess(['show', id], env);
    expect(fromStore.out).toBe(shown.out);
    const log = events(fromStoreJson);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i));
    expect(log.at(-1)?.type).toBe('game_ended');
  }, 300_000);
});
