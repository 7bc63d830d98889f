import type { AccusationState, GameState, Rng } from '@arena/models';
import type { Reply } from './model-call';
import type { PlayerAction } from './player-action';

/** Everything a player sees when it is asked to act. */
export interface TurnContext {
  /** Folded game state: players, transcript (`state.messages`) and spec (scenario, seats, mode, rules). */
  state: GameState;
  /** Who acts, e.g. `P3`. */
  playerId: string;
  /** 1 for the turn's first proposal, 2 and up for retries after the anti-repetition gate. */
  attempt: number;
  /** Gate feedback given earlier in this turn, oldest first; names the repeated message id. */
  feedback: string[];
  /** Seeded stream for exactly this call; the only source of randomness. */
  rng: Rng;
}

/** Context for answering an accusation. */
export type DefenceContext = TurnContext & { accusation: AccusationState };

/** Context for an eliminated player's last statement. */
export type FinalWordsContext = TurnContext & {
  /** The judge's public reasoning for the elimination. */
  reasoning: string;
};

/** A bid for the floor under the `bidding` turn policy. */
export interface FloorBid {
  /** How urgently the player wants to speak next, in [0, 1]. */
  urgency: number;
  /** One line, in character. */
  reason: string;
}

/** The role a character plays: one instance may serve several seats. */
export interface PlayerAgent {
  /** Take the floor: contribute or accuse. */
  act(ctx: TurnContext): Promise<Reply<PlayerAction>>;
  /** One public defence statement against an accusation. */
  defend(ctx: DefenceContext): Promise<Reply<{ text: string }>>;
  /** How urgently it wants the next turn (`bidding` policy); one cheap call. */
  bid(ctx: TurnContext): Promise<Reply<FloorBid>>;
  /** A farewell after elimination. */
  finalWords(ctx: FinalWordsContext): Promise<Reply<{ text: string }>>;
}
