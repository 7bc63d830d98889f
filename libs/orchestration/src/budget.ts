import type { GameState, Spend } from '@arena/models';

const measures = [
  ['tokens', 'token', (n: number) => `${Math.round(n)}`],
  ['usd', 'money', (n: number) => `$${n.toFixed(4)}`],
] as const;

function overLimit(
  who: string,
  used: Spend,
  limits: { tokens?: number; usd?: number },
): string | null {
  for (const [key, label, show] of measures) {
    const limit = limits[key];
    if (limit !== undefined && used[key] >= limit) {
      return `${who} ${label} budget of ${show(limit)} is spent (${show(used[key])} used)`;
    }
  }
  return null;
}

/**
 * Why the game must stop for its budgets, or null (ARENA.md §9). Checked between turns from the
 * recorded model calls, so a replay stops at exactly the same point; a turn in progress finishes.
 */
export function budgetProblem(state: GameState): string | null {
  const elapsedMs = Date.parse(state.updatedAt) - Date.parse(state.createdAt);
  const { game, seat } = state.spec.budgets;
  const gameProblem = overLimit("the game's", state.usage, game);
  if (gameProblem) return gameProblem;
  if (game.wallSeconds !== undefined && elapsedMs >= game.wallSeconds * 1000) {
    return `the game's time budget of ${game.wallSeconds}s is spent (${(elapsedMs / 1000).toFixed(1)}s since it was created)`;
  }
  for (const player of state.players) {
    const problem = overLimit(`${player.name} (${player.id})'s`, player.usage, seat);
    if (problem) return problem;
  }
  return null;
}
