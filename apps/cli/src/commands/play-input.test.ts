import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runArena, storedGameIds, tempDir, tempFile } from '../cli-run.fixture';

/**
 * Runs `arena play` with `args` on a fresh data dir and checks the run was refused as bad input
 * (exit code 2) before anything was printed or stored; returns what it wrote to stderr.
 */
async function refused(args: string[], env: Record<string, string> = {}): Promise<string> {
  const dataDir = tempDir('arena-refused-');
  const run = await runArena(['play', ...args, '--data-dir', dataDir], env);
  expect(run.code).toBe(2);
  expect(run.out).toBe('');
  expect(readdirSync(dataDir)).toEqual([]);
  return run.err;
}

const sixJudges = Array.from({ length: 6 }, () => 'sim').join(',');

describe('arena play refuses bad model input before it writes anything', () => {
  it('names the flag of a bad model, judge panel, budget or replay flag', async () => {
    expect(await refused(['--replay'])).toMatch(/--replay: needs --cassette/);
    expect(await refused(['--model', 'nope:x'])).toMatch(/--model: must be "sim"/);
    expect(await refused(['--judge', sixJudges])).toMatch(/--judge: at most 5 judges/);
    expect(await refused(['--budget-usd', 'abc'])).toMatch(/--budget-usd: must be an amount/);
  });

  it('names the file and field path of a bad config file', async () => {
    const badSeat = tempFile(
      'bad-seat.yaml',
      'players:\n  - { character: x, model: bad }\n  - amara-teodoro\n',
    );
    const seat = await refused(['--config', badSeat]);
    expect(seat).toContain(badSeat);
    expect(seat).toMatch(/players\.0\.model: must be "sim"/);

    const list = tempFile('list.yaml', '- amara-teodoro\n- idris-halloran\n');
    const notMapping = await refused(['--config', list]);
    expect(notMapping).toContain(list);
    expect(notMapping).toContain('must be a mapping of game config fields');
  });

  it('names the environment variable of a bad setting', async () => {
    expect(await refused([], { ARENA_MODEL_TIMEOUT_MS: 'abc' })).toMatch(
      /ARENA_MODEL_TIMEOUT_MS: must be a whole number/,
    );
    expect(await refused([], { ARENA_RATE_LIMITS: 'openai=fast' })).toMatch(
      /ARENA_RATE_LIMITS: "openai=fast" must be <provider>=<requests per minute>/,
    );
  });

  it('names a cassette file to replay that does not exist', async () => {
    const missing = join(tempDir('arena-cassette-'), 'missing.jsonl');
    const err = await refused(['--replay', '--cassette', missing]);
    expect(err).toContain(`Cassette file ${missing} does not exist`);
  });

  it('refuses a seat whose model has no key, naming the key, and stores no game', async () => {
    const dataDir = tempDir('arena-no-key-');
    const run = await runArena([
      'play',
      '--model',
      'openai:gpt-4o-mini',
      '--max-turns',
      '2',
      '--data-dir',
      dataDir,
    ]);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toContain('openai:gpt-4o-mini');
    expect(run.err).toContain('OPENAI_API_KEY');
    expect(await storedGameIds(dataDir)).toEqual([]);
  });
});
