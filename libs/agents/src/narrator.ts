import type { GameState, NARRATOR_TRIGGERS, Rng } from '@arena/models';
import type { Reply } from './model-call';

/** Why the narrator speaks: `opening`, `periodic`, `accusation`, `verdict`, `elimination`, `closing`. */
export type NarratorTrigger = (typeof NARRATOR_TRIGGERS)[number];

export interface NarratorContext {
  state: GameState;
  trigger: NarratorTrigger;
  /** Seeded stream for exactly this call. */
  rng: Rng;
  /** What the line reacts to: the accusation/verdict/elimination message id and player ids involved. */
  subject?: { messageId?: string; playerIds?: string[] };
}

/** Public commentator; its lines enter the transcript that players read. */
export interface Narrator {
  narrate(ctx: NarratorContext): Promise<Reply<{ text: string }>>;
}
