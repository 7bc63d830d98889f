/**
 * Argument checking of the commands that talk to a runner (start, list, watch, stop, resume
 * --runner) and of replay: bad input is exit 2 with a message naming the flag.
 */
import { describe, expect, it } from 'vitest';
import { runArena, tempDir } from '../cli-run.fixture';
import { applySeatFlags } from './start';

/** A runner URL nothing listens on (port 9 is discard; connecting is refused). */
const NOWHERE = 'http://127.0.0.1:9';
const TOKEN = 'token-0123456789abcdef';

async function badInput(argv: string[], message: string | RegExp, env = {}) {
  const run = await runArena(argv, env);
  expect(run.code, `${argv.join(' ')}: ${run.err}`).toBe(2);
  if (typeof message === 'string') expect(run.err).toContain(message);
  else expect(run.err).toMatch(message);
  return run;
}

describe('arena start: argument checks', () => {
  it('needs a runner and names --runner and ARENA_RUNNER_URL', async () => {
    await badInput(['start'], /needs a runner.*--runner.*ARENA_RUNNER_URL/);
  });

  it('names each bad flag', async () => {
    await badInput(['start', '--runner', 'ftp://host'], '--runner: must be an http(s) URL');
    await badInput(['start', '--runner', 'not a url'], '--runner: must be an http(s) URL');
    await badInput(['start', '--runner', NOWHERE, '--token', 'short'], '--token: must be 16-256');
    await badInput(
      ['start', '--runner', NOWHERE, '--seed', 'abc'],
      '--seed: must be a whole number',
    );
    await badInput(['start', '--runner', NOWHERE, '--max-turns', '0'], '--max-turns: must be');
    await badInput(['start', '--runner', NOWHERE, '--mode', 'friendly'], '--mode:');
    await badInput(
      ['start', '--runner', NOWHERE, '--players', 'solo'],
      '--players: name at least 2',
    );
    await badInput(['start', '--runner', NOWHERE, '--turbo'], /--turbo.*Allowed flags/s);
    await badInput(['start', '--runner', NOWHERE, 'extra'], 'start takes no arguments');
    await badInput(
      ['start', '--runner', NOWHERE, '--spectator'],
      '--spectator is only for --follow',
    );
    await badInput(
      [
        'start',
        '--runner',
        NOWHERE,
        '--players',
        'amara-teodoro,cassius-vell',
        '--champion',
        'zed',
      ],
      '--champion: "zed" is not among the players',
    );
    await badInput(
      ['start', '--config', '/no/such/file.yaml', '--runner', NOWHERE],
      '/no/such/file.yaml',
    );
  });

  it('checks ARENA_RUNNER_URL and ARENA_API_TOKEN from the environment', async () => {
    await badInput(['start'], 'ARENA_RUNNER_URL', { ARENA_RUNNER_URL: 'nope' });
    await badInput(['start'], 'ARENA_API_TOKEN', {
      ARENA_RUNNER_URL: NOWHERE,
      ARENA_API_TOKEN: 'x',
    });
  });

  it('fails with exit 1 when the runner cannot be reached', async () => {
    const run = await runArena(['start', '--runner', NOWHERE, '--token', TOKEN]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/cannot reach the runner at http:\/\/127\.0\.0\.1:9/);
  });

  it('gives --model to seats without one and marks --champion seats', () => {
    const config = applySeatFlags(
      {
        scenario: 'city-water',
        players: [
          { character: 'a', model: undefined },
          { character: 'b', model: 'ollama:x' },
        ],
        maxTurns: 4,
        mode: 'competitive',
        policy: 'weighted',
      },
      { model: 'openai:gpt-4o-mini', champion: ['b'] },
    );
    expect(config.players).toEqual([
      { character: 'a', model: 'openai:gpt-4o-mini' },
      { character: 'b', model: 'ollama:x', champion: true },
    ]);
  });
});

describe('arena list: argument checks', () => {
  it('names each bad flag', async () => {
    await badInput(['list', '--status', 'paused'], '--status: must be one of running, ended');
    await badInput(['list', '--limit', '0'], '--limit: must be at least 1');
    await badInput(['list', '--limit', '101'], '--limit: must be at most 100');
    await badInput(['list', '--offset=-1'], '--offset: must be a whole number');
    await badInput(['list', '--scenario', 'City Water'], '--scenario: must be a scenario id');
    await badInput(['list', 'extra'], 'list takes no arguments');
    await badInput(
      ['list', '--runner', NOWHERE, '--data-dir', tempDir()],
      '--data-dir is not used with a runner',
    );
    await badInput(['list', '--token', TOKEN], '--token is used only with a runner');
  });

  it('lists from the store without a runner, as a table or JSON', async () => {
    const dataDir = tempDir();
    const text = await runArena(['list', '--data-dir', dataDir]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('No games yet');
    const json = await runArena(['list', '--json', '--limit', '5', '--data-dir', dataDir]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({ games: [], total: 0, limit: 5, offset: 0 });
  }, 60_000);
});

describe('arena watch, stop and resume: argument checks', () => {
  it('watch needs exactly one game id and knows unknown games', async () => {
    await badInput(['watch'], 'watch takes exactly one argument: the game id');
    await badInput(['watch', 'a', 'b'], 'watch takes exactly one argument');
    await badInput(['watch', 'g-1', '--runner', 'x'], '--runner: must be an http(s) URL');
    await badInput(['watch', 'g-1', '--poll'], /--poll.*Allowed flags/s);
    await badInput(['watch', 'g-missing', '--data-dir', tempDir()], 'No game with id g-missing');
  }, 60_000);

  it('stop without a runner or Kafka says a runner URL is needed', async () => {
    await badInput(
      ['stop', 'g-1'],
      /stop needs a runner to tell: give --runner <url> or set ARENA_RUNNER_URL/,
    );
    await badInput(['stop'], 'stop takes exactly one argument: the game id');
    await badInput(['stop', 'bad id!', '--runner', NOWHERE], '"bad id!" is not a game id');
    const unreachable = await runArena(['stop', 'g-1', '--runner', NOWHERE, '--token', TOKEN]);
    expect(unreachable.code).toBe(1);
  });

  it('resume checks its runner flags', async () => {
    await badInput(
      ['resume', 'g-1', '--local', '--runner', NOWHERE],
      '--local plays the game here',
    );
    await badInput(
      ['resume', 'g-1', '--follow', '--data-dir', tempDir()],
      '--follow is only for a runner',
    );
    await badInput(
      ['resume', 'g-1', '--runner', NOWHERE, '--data-dir', tempDir()],
      '--data-dir is not used with a runner',
    );
    const unreachable = await runArena(['resume', 'g-1'], { ARENA_RUNNER_URL: NOWHERE });
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toContain('resume game g-1: cannot reach the runner');
  });
});

describe('arena replay: argument checks', () => {
  it('names each bad flag', async () => {
    await badInput(
      ['replay', 'g-1', '--speed', '2', '--delay-ms', '10'],
      '--delay-ms: give either --speed or --delay-ms',
    );
    await badInput(['replay', 'g-1', '--step', '--speed', '2'], '--step: waits for Enter');
    await badInput(['replay', 'g-1', '--speed', '0'], '--speed: must be at least 0.01');
    await badInput(['replay', 'g-1', '--speed', 'fast'], '--speed: must be a positive number');
    await badInput(['replay', 'g-1', '--delay-ms', '-5'], /--delay-ms/);
    await badInput(['replay', 'g-1', '--from-turn', '0'], '--from-turn: must be at least 1');
    await badInput(['replay'], 'replay takes exactly one argument');
    await badInput(['replay', 'g-missing', '--data-dir', tempDir()], 'No game with id g-missing');
  }, 60_000);
});
