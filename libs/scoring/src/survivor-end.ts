import { activePlayers, type GameState } from '@arena/models';

/** Why a game ends for lack of players, in the words recorded on `game_ended`. */
export interface SurvivorEnd {
  reason: 'all_eliminated' | 'one_survivor';
  detail: string;
}

/**
 * Whether the game ends because one player or none is left (ARENA.md §7): `all_eliminated` when
 * nobody is active; `one_survivor` when one of several is, unless `rules.elimination.minSurvivors`
 * is 0 (nobody is safe: a lone survivor plays on and can be eliminated too). Null otherwise.
 *
 * @example
 * const end = survivorEnd(state); // { reason: 'one_survivor', detail: 'Ana is the last one standing' }
 */
export function survivorEnd(state: GameState): SurvivorEnd | null {
  const active = activePlayers(state);
  if (active.length === 0) {
    return { reason: 'all_eliminated', detail: 'every player has been eliminated' };
  }
  const lastStandingWins = state.spec.rules.elimination.minSurvivors >= 1;
  if (active.length === 1 && state.players.length > 1 && lastStandingWins) {
    return { reason: 'one_survivor', detail: `${active[0]?.name} is the last one standing` };
  }
  return null;
}
