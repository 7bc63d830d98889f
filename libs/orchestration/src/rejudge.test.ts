import { describe, expect, it } from 'vitest';
import { createInMemoryBus } from '@arena/message-bus';
import {
  DEFAULT_RULES,
  foldGame,
  steppingClock,
  type GameEvent,
  type GameSpec,
} from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createMemoryEventStore } from '@arena/persistence';
import { playGame } from './games';
import { rejudgeGame } from './rejudge';

async function played(spec: GameSpec, gameId = 'g-played'): Promise<GameEvent[]> {
  const services = {
    store: createMemoryEventStore(),
    bus: createInMemoryBus(),
    clock: steppingClock(),
  };
  await playGame(services, spec, { gameId });
  return services.store.load(gameId);
}

describe('rejudgeGame with the deterministic judge', () => {
  it.each([
    ['weighted, competitive', testSpec({ maxTurns: 60, policy: 'weighted', seed: 7 })],
    ['weighted, seed 2024', testSpec({ maxTurns: 60, policy: 'weighted', seed: 2024 })],
    [
      'bidding, cooperative',
      testSpec({ maxTurns: 40, policy: 'bidding', mode: 'cooperative', seed: 3 }),
    ],
    ['adversarial', testSpec({ maxTurns: 40, policy: 'adversarial', seed: 5 })],
    ['round-robin, max turns', testSpec({ maxTurns: 8, seed: 11 })],
    [
      'no minimum survivors',
      testSpec({
        maxTurns: 60,
        policy: 'weighted',
        seed: 5,
        rules: { ...DEFAULT_RULES, elimination: { ...DEFAULT_RULES.elimination, minSurvivors: 0 } },
      }),
    ],
  ])('reproduces a played game event for event (%s)', async (_, spec) => {
    const events = await played(spec);
    const result = await rejudgeGame(events, { judge: ['sim'] });
    expect(result.counterfactual).toEqual(events);
  });

  it('reports the same outcome before and after, with full agreement and no model calls', async () => {
    const events = await played(testSpec({ maxTurns: 60, policy: 'weighted', seed: 21 }));
    const original = foldGame(events);
    const result = await rejudgeGame(events, { judge: ['sim'] });

    expect(result.gameId).toBe('g-played');
    expect(result.judges).toEqual({ before: ['sim'], after: ['sim'] });
    expect(result.ending.before).toEqual({
      reason: original.ended?.reason,
      detail: original.ended?.detail,
      winnerId: original.ended?.winnerId,
    });
    expect(result.ending.after).toMatchObject(result.ending.before);
    expect(result.ending.after.turn).toBe(original.turn);
    for (const p of result.players) expect(p.after).toEqual(p.before);
    expect(result.players.map((p) => p.before.place).sort()).toEqual([1, 2, 3, 4]);
    expect(result.eliminations.after).toEqual(result.eliminations.before);
    expect(result.eliminations.before.map((e) => e.playerId)).toEqual(original.eliminationOrder);
    expect(result.agreement.scores).toBe(1);
    expect(result.agreement.contributions).toBe(
      events.filter((e) => e.type === 'contribution_scored').length,
    );
    expect(result.agreement.verdicts.same).toBe(result.agreement.verdicts.compared);
    expect(result.agreement.solvedChecks.same).toBe(result.agreement.solvedChecks.compared);
    for (const d of Object.values(result.dimensions)) expect(d.change).toBe(0);
    expect(result.usage).toMatchObject({ calls: 0, failedAnswers: 0, costUsd: 0, byModel: [] });
    expect(result.summary).toMatch(/still wins and no place changes\.$/);
  });

  it('leaves the log it was given as it was', async () => {
    const events = await played(testSpec({ maxTurns: 30, seed: 4 }));
    const copy = structuredClone(events);
    await rejudgeGame(events, { judge: ['sim'] });
    expect(events).toEqual(copy);
  });
});

describe('rejudgeGame input checks', () => {
  it('refuses a game that has not ended, and an empty log', async () => {
    const events = await played(testSpec({ maxTurns: 8, seed: 1 }));
    await expect(rejudgeGame(events.slice(0, -1), { judge: ['sim'] })).rejects.toMatchObject({
      code: 'ORCH_GAME_NOT_FINISHED',
      category: 'user',
      message: expect.stringContaining('has not ended'),
    });
    await expect(rejudgeGame([], { judge: ['sim'] })).rejects.toMatchObject({
      code: 'ORCH_GAME_NOT_FINISHED',
    });
  });

  it('names the field of invalid options and what is allowed', async () => {
    const events = await played(testSpec({ maxTurns: 4, seed: 1 }));
    await expect(rejudgeGame(events, { judge: [] })).rejects.toMatchObject({
      code: 'ORCH_INVALID_REJUDGE_OPTIONS',
      category: 'user',
      message: expect.stringMatching(/judge: .*>=1/),
    });
    await expect(
      rejudgeGame(events, { judge: ['sim', 'sim', 'sim', 'sim', 'sim', 'sim'] }),
    ).rejects.toMatchObject({ code: 'ORCH_INVALID_REJUDGE_OPTIONS' });
    await expect(rejudgeGame(events, { judge: ['sim'], concurrency: 0 })).rejects.toMatchObject({
      code: 'ORCH_INVALID_REJUDGE_OPTIONS',
      message: expect.stringContaining('concurrency'),
    });
  });

  it('rejects an unknown judge spec, naming it and the accepted forms', async () => {
    const events = await played(testSpec({ maxTurns: 4, seed: 1 }));
    await expect(rejudgeGame(events, { judge: ['sim', 'nope:x'] })).rejects.toMatchObject({
      code: 'ORCH_UNKNOWN_JUDGE_SPEC',
      category: 'user',
      details: { path: 'judge.1', spec: 'nope:x' },
      message: expect.stringMatching(/nope:x.*not a known provider/),
    });
  });

  it('rejects a provider without its key before asking anything', async () => {
    const events = await played(testSpec({ maxTurns: 4, seed: 1 }));
    await expect(rejudgeGame(events, { judge: ['openai:gpt-4o-mini'] })).rejects.toMatchObject({
      code: 'AGENTS_PROVIDER_NOT_CONFIGURED',
      category: 'user',
    });
  });
});
