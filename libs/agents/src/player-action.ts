import {
  ACCUSATION_KINDS,
  EvidenceSchema,
  type AccusationKind,
  type Evidence,
} from '@arena/models';
import { z } from 'zod';

/** A player's structured action on its turn: add to the conversation, or accuse someone. */
export type PlayerAction =
  | { action: 'contribute'; text: string; cites: string[] }
  | {
      action: 'accuse';
      accusedId: string;
      kind: AccusationKind;
      claim: string;
      evidence: Evidence[];
      confidence: number;
    };

const messageId = z.string().regex(/^M\d+$/, 'must be a message id such as "M7"');

/** Validates a {@link PlayerAction}; use it on every reply before it reaches the game. */
export const PlayerActionSchema: z.ZodType<PlayerAction> = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('contribute'),
    text: z.string().trim().min(1, 'a contribution needs text'),
    /** Ids of the messages this contribution builds on. */
    cites: z.array(messageId),
  }),
  z.object({
    action: z.literal('accuse'),
    accusedId: z.string().regex(/^P\d+$/, 'must be a player id such as "P2"'),
    kind: z.enum(ACCUSATION_KINDS),
    claim: z.string().trim().min(1, 'an accusation needs a claim'),
    evidence: z.array(EvidenceSchema).min(1, 'cite at least one message with an exact quote'),
    confidence: z.number().min(0).max(1),
  }),
]);
