import { BudgetLedger, isBudgetExceeded } from '@arena/agents';
import type { GameState } from '@arena/models';

/**
 * Why the game must stop for its budgets, or null (ARENA.md §9). Checked between turns from the
 * spend the recorded `model_call` events add up to, so a replay stops at exactly the same point;
 * a turn in progress finishes. Wall time is the game's clock since `game_created`.
 */
export function budgetProblem(state: GameState): string | null {
  const { game, seat } = state.spec.budgets;
  const elapsedMs = Date.parse(state.updatedAt) - Date.parse(state.createdAt);
  const ledger = new BudgetLedger(
    { game, seat, elapsedMs: () => elapsedMs },
    {
      game: state.usage,
      seats: Object.fromEntries(state.players.map((p) => [p.id, p.usage])),
    },
  );
  const spent = ledger.exhausted();
  if (spent) return spent.message;
  for (const player of state.players) {
    try {
      ledger.check(player.id);
    } catch (error) {
      if (isBudgetExceeded(error)) return error.message;
      throw error;
    }
  }
  return null;
}
