import { describe, expect, it } from 'vitest';
import { envelopeEvent, foldGame, type GameSpec, type NewEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { budgetProblem } from './budget';

function call(playerId: string | null, tokens: number, costUsd = 0): NewEvent {
  return {
    type: 'model_call',
    payload: {
      role: playerId ? 'player' : 'judge',
      playerId,
      purpose: 'act',
      model: 'openai:gpt-4o-mini',
      params: {},
      usage: { inputTokens: tokens, outputTokens: 0 },
      latencyMs: 1,
      costUsd,
    },
  };
}

function stateAfter(budgets: GameSpec['budgets'], events: NewEvent[], start?: number) {
  const spec = testSpec({ budgets });
  return foldGame(buildLog('g-b', [{ type: 'game_created', payload: { spec } }, ...events], start));
}

describe('budgetProblem', () => {
  it('is null while every budget has room', () => {
    const state = stateAfter({ game: { tokens: 1000, usd: 1 }, seat: { tokens: 500 } }, [
      call('P1', 100, 0.1),
      call(null, 100),
    ]);
    expect(budgetProblem(state)).toBeNull();
  });

  it("names the game's spent token or money budget, officials' calls included", () => {
    const tokens = stateAfter({ game: { tokens: 300 }, seat: {} }, [
      call('P1', 200),
      call(null, 100),
    ]);
    expect(budgetProblem(tokens)).toMatch(/the game's token budget of 300 is spent \(300 used\)/);
    const money = stateAfter({ game: { usd: 0.5 }, seat: {} }, [call('P2', 10, 0.6)]);
    expect(budgetProblem(money)).toMatch(/budget of \$0\.5/);
  });

  it("names the seat whose own budget is spent, not counting officials' calls", () => {
    const state = stateAfter({ game: {}, seat: { tokens: 150 } }, [
      call(null, 1000),
      call('P3', 100),
      call('P3', 60),
    ]);
    expect(budgetProblem(state)).toMatch(/P3/);
  });

  it('measures wall time on the game clock since the game was created', () => {
    const start = Date.UTC(2026, 0, 1);
    const spec = testSpec({ budgets: { game: { wallSeconds: 60 }, seat: {} } });
    const created = envelopeEvent('g-w', 0, start, { type: 'game_created', payload: { spec } });
    const after = (ms: number) =>
      foldGame([
        created,
        envelopeEvent('g-w', 1, start + ms, {
          type: 'round_ended',
          payload: { round: 1, turn: 0 },
        }),
      ]);
    expect(budgetProblem(after(59_000))).toBeNull();
    expect(budgetProblem(after(61_000))).toMatch(/time budget of 60/);
  });
});
