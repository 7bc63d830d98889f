import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GameEvent } from '@arena/models';
import { gameResponder } from '@arena/agents/testing';
import { printedEvents, runArena, tempDir, type CliRun } from '../cli-run.fixture';
import { loopbackPool } from '../loopback.fixture';

const models = loopbackPool();
afterEach(() => models.closeAll());

/** The game_ended event a `--json` run printed last. */
function endOf(run: CliRun): Extract<GameEvent, { type: 'game_ended' }> {
  const last = printedEvents(run).at(-1);
  if (last?.type !== 'game_ended') throw new Error(`the run ended with ${last?.type}`);
  return last;
}

/** An event without what depends on the game id or on the wall clock. */
function comparable(e: GameEvent): unknown {
  return {
    seq: e.seq,
    type: e.type,
    causationId: e.causationId?.split(':').at(-1) ?? null,
    payload: e.payload,
  };
}

describe('arena play on real model providers (loopback)', () => {
  it('records a game to a cassette and replays it offline with identical events', async () => {
    const model = await models.start(gameResponder({ seed: 3 }));
    const spec = model.spec;
    const cassette = join(tempDir('arena-cassette-'), 'c.jsonl');
    const flags = ['--model', spec, '--max-turns', '6', '--seed', '3', '--json'];

    const recorded = await runArena([
      'play',
      ...flags,
      '--cassette',
      cassette,
      '--data-dir',
      tempDir(),
    ]);
    expect(recorded.err).toBe('');
    expect(recorded.code).toBe(0);
    expect(endOf(recorded).payload.abortCause).toBeNull();
    const calls = printedEvents(recorded).filter(
      (e) => e.type === 'model_call' && e.payload.model === spec,
    );
    expect(calls.length).toBeGreaterThan(0);
    expect(model.requests).toHaveLength(calls.length);
    await model.close();

    const replayed = await runArena([
      'play',
      ...flags,
      '--replay',
      '--cassette',
      cassette,
      '--data-dir',
      tempDir(),
    ]);
    expect(replayed.err).toBe('');
    expect(replayed.code).toBe(0);
    expect(printedEvents(replayed).map(comparable)).toEqual(
      printedEvents(recorded).map(comparable),
    );
  });

  it('plays a config file that seats two players on a model and the rest on sim', async () => {
    const model = await models.start(gameResponder({ seed: 4 }));
    const spec = model.spec;
    const config = join(tempDir('arena-config-'), 'game.yaml');
    writeFileSync(
      config,
      [
        'scenario: city-water',
        'maxTurns: 6',
        'seed: 11',
        'players:',
        `  - { character: amara-teodoro, model: "${spec}" }`,
        `  - { character: idris-halloran, model: "${spec}" }`,
        '  - kestrel-obi',
        '  - { character: nadia-quell, model: sim }',
        'judge: { panel: [sim] }',
        'narrator: sim',
      ].join('\n'),
    );
    const run = await runArena(['play', '--config', config, '--json', '--data-dir', tempDir()]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const [created] = printedEvents(run);
    if (created?.type !== 'game_created') throw new Error('the game was not created first');
    expect(created.payload.spec.seats.map((s) => s.model)).toEqual([spec, spec, 'sim', 'sim']);
    expect(created.payload.spec.seed).toBe(11);
    expect(endOf(run).type).toBe('game_ended');
    const onModel = created.payload.spec.seats
      .filter((s) => s.model === spec)
      .map((s) => s.playerId);
    const callers = printedEvents(run).flatMap((e) =>
      e.type === 'model_call' && e.payload.model === spec ? [e.payload.playerId] : [],
    );
    expect(callers.length).toBeGreaterThan(0);
    expect(callers.every((id) => id !== null && onModel.includes(id))).toBe(true);
    expect(model.requests).toHaveLength(callers.length);
  });

  it('aborts the game for its budget once the model calls used the tokens allowed', async () => {
    const { spec } = await models.start(gameResponder({ seed: 5 }));
    const run = await runArena([
      'play',
      '--model',
      spec,
      '--max-turns',
      '6',
      '--seed',
      '5',
      '--budget-tokens',
      '500',
      '--json',
      '--data-dir',
      tempDir(),
    ]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(endOf(run).payload).toMatchObject({
      reason: 'aborted',
      abortCause: 'budget',
      detail: expect.stringContaining('token budget of 500'),
    });
  });
});
