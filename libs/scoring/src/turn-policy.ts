import type { GameState, Rng } from '@arena/models';

/** Who speaks next, why (hidden from players, shown to spectators), and who else could have. */
export interface SpeakerChoice {
  playerId: string;
  reasoning: string;
  /** Every active player with its probability of being picked. */
  candidates: Array<{ playerId: string; weight: number }>;
}

/** Picks the next speaker among the active players (ARENA.md §6). */
export interface TurnPolicy {
  name: string;
  select(state: GameState, rng: Rng): SpeakerChoice;
}
