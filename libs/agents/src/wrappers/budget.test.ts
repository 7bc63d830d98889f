import { describe, expect, it } from 'vitest';
import { BudgetExceededError, isBudgetExceeded, ModelCallError } from '../llm/errors';
import { BudgetLedger, withBudget, type BudgetLedgerOptions, type BudgetSpend } from './budget';
import { callMeta, chatRequest, fakeClient, FAKE_SPEC, rejection } from './fake-client.fixture';

function ledger(options: Partial<BudgetLedgerOptions> = {}, initial?: BudgetSpend) {
  return new BudgetLedger({ game: {}, seat: {}, elapsedMs: () => 0, ...options }, initial);
}

function budgetFailure(run: () => void): BudgetExceededError {
  try {
    run();
  } catch (error) {
    if (isBudgetExceeded(error)) return error;
    throw error;
  }
  throw new Error('expected a BudgetExceededError');
}

describe('BudgetLedger', () => {
  it('adds input and output tokens and cost to the game and the seat', () => {
    const budget = ledger();

    budget.charge('P1', { inputTokens: 100, outputTokens: 20 }, 0.01);
    budget.charge('P1', { inputTokens: 50, outputTokens: 10 }, 0.005);
    budget.charge(null, { inputTokens: 7, outputTokens: 3 }, 0.001);

    expect(budget.spent()).toEqual({
      game: { tokens: 190, usd: expect.closeTo(0.016, 9) },
      seats: { P1: { tokens: 180, usd: expect.closeTo(0.015, 9) } },
    });
  });

  it("throws once the game's token budget is spent, naming limit and use", () => {
    const budget = ledger({ game: { tokens: 50_000 } });
    budget.charge('P1', { inputTokens: 49_000, outputTokens: 999 }, 0);
    budget.check('P1');
    budget.charge('P2', { inputTokens: 200, outputTokens: 11 }, 0);

    const error = budgetFailure(() => budget.check(null));

    expect(error.message).toBe("the game's token budget of 50000 is spent (50210 used)");
    expect(error).toMatchObject({ scope: 'game', measure: 'tokens', limit: 50_000, used: 50_210 });
    expect(error.retriable).toBe(false);
  });

  it('checks each seat against its own budget', () => {
    const budget = ledger({ seat: { usd: 0.5 } });
    budget.charge('P2', { inputTokens: 1, outputTokens: 1 }, 0.5123);

    budget.check('P1');
    budget.check(null);
    const error = budgetFailure(() => budget.check('P2'));

    expect(error).toMatchObject({ scope: 'seat', measure: 'usd', playerId: 'P2', limit: 0.5 });
    expect(error.message).toBe("seat P2's USD budget of $0.5 is spent ($0.5123 used)");
  });

  it('reports an exhausted game budget, wall time included, without throwing', () => {
    let elapsed = 0;
    const budget = ledger({ game: { wallSeconds: 600 }, elapsedMs: () => elapsed });
    expect(budget.exhausted()).toBeNull();

    elapsed = 612_000;
    budget.check('P1');
    const error = budget.exhausted();

    expect(error).toMatchObject({ scope: 'game', measure: 'wallSeconds', limit: 600, used: 612 });
    expect(error?.message).toBe("the game's wall-time budget of 600 s is spent (612 s used)");
  });

  it('continues from the spend of a resumed game', () => {
    const budget = ledger(
      { game: { tokens: 1000 }, seat: { tokens: 300 } },
      { game: { tokens: 900, usd: 0.2 }, seats: { P1: { tokens: 300, usd: 0.1 } } },
    );

    expect(() => budget.check('P2')).not.toThrow();
    expect(budgetFailure(() => budget.check('P1')).scope).toBe('seat');
    budget.charge('P2', { inputTokens: 100, outputTokens: 0 }, 0);
    expect(budget.exhausted()?.measure).toBe('tokens');
  });

  it('returns snapshots that later charges do not change', () => {
    const budget = ledger();
    budget.charge('P1', { inputTokens: 1, outputTokens: 1 }, 0);
    const before = budget.spent();

    budget.charge('P1', { inputTokens: 1, outputTokens: 1 }, 0);

    expect(before.seats.P1?.tokens).toBe(2);
  });
});

describe('withBudget', () => {
  it('charges the reply to the calling seat', async () => {
    const budget = ledger();
    const provider = fakeClient([
      { reply: 'hi', usage: { inputTokens: 40, outputTokens: 2 }, stats: { costUsd: 0.02 } },
    ]);

    await withBudget(budget)(provider).complete(chatRequest(), callMeta({ playerId: 'P3' }));

    expect(budget.spent().seats.P3).toEqual({ tokens: 42, usd: 0.02 });
  });

  it('refuses a call once the seat has spent its budget, without calling the provider', async () => {
    const budget = ledger({ seat: { tokens: 10 } });
    budget.charge('P1', { inputTokens: 10, outputTokens: 0 }, 0);
    const provider = fakeClient([{ reply: 'hi' }]);

    const error = await rejection(withBudget(budget)(provider).complete(chatRequest(), callMeta()));

    expect(isBudgetExceeded(error)).toBe(true);
    expect(provider.calls).toHaveLength(0);
  });

  it('charges the cost a failed call carries', async () => {
    const budget = ledger();
    const failure = new ModelCallError('late', {
      kind: 'timeout',
      spec: FAKE_SPEC,
      stats: { costUsd: 0.003 },
    });

    await rejection(
      withBudget(budget)(fakeClient([{ error: failure }])).complete(chatRequest(), callMeta()),
    );

    expect(budget.spent().game).toEqual({ tokens: 0, usd: 0.003 });
  });
});
