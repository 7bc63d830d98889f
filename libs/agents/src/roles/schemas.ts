import { ACCUSATION_KINDS, VERDICTS, activePlayers, type GameState } from '@arena/models';
import { z } from 'zod';
import { PlayerActionSchema, type PlayerAction } from '../player-action';

/** A reply that is one piece of public text, at most `maxChars` long. */
export function textReplySchema(maxChars: number) {
  return z.object({
    text: z
      .string()
      .trim()
      .min(1, 'write some text')
      .max(maxChars, `keep it under ${maxChars} characters`),
  });
}

/**
 * What a player writes on its turn: one flat object (so every provider can force it), checked
 * with {@link PlayerActionSchema} and against the game: the accused must be another active
 * player, and the player must have accusations left.
 */
export function playerActionSchemaFor(state: GameState, playerId: string): z.ZodType<PlayerAction> {
  const others = activePlayers(state)
    .map((p) => p.id)
    .filter((id) => id !== playerId);
  const filed = state.players.find((p) => p.id === playerId)?.accusationsFiled ?? 0;
  const left = state.spec.rules.accusations.maxPerPlayer - filed;
  return z
    .object({
      action: z.enum(['contribute', 'accuse']).describe('contribute, or accuse another player'),
      text: z.string().optional().describe('contribute: what you say'),
      cites: z
        .array(z.string())
        .default([])
        .describe('contribute: ids of the messages you build on, e.g. "M7"'),
      accusedId: z.string().optional().describe('accuse: the accused player id, e.g. "P2"'),
      kind: z.enum(ACCUSATION_KINDS).optional().describe('accuse: what kind of cheating'),
      claim: z.string().optional().describe('accuse: what they did'),
      evidence: z
        .array(z.object({ messageId: z.string(), quote: z.string() }))
        .optional()
        .describe('accuse: message ids with quotes copied exactly from them'),
      confidence: z.number().optional().describe('accuse: how sure you are, 0 to 1'),
    })
    .transform((flat, ctx): PlayerAction => {
      const parsed = PlayerActionSchema.safeParse(flat);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        }
        return z.NEVER;
      }
      const action = parsed.data;
      if (action.action !== 'accuse') return action;
      if (left <= 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['action'],
          message: 'you have no accusations left; contribute instead',
        });
      }
      if (!others.includes(action.accusedId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['accusedId'],
          message: `must be an active player other than you: ${others.join(', ')}`,
        });
      }
      return action;
    });
}

const unit = z.number().min(0).max(1);
const rationale = z.string().trim().min(1, 'give a short rationale');

/** One score per dimension in [0, 1] and one rationale per dimension. */
export const JudgeScoresReplySchema = z.object({
  scores: z.object({
    novelty: unit,
    builds_on_others: unit,
    solves_subproblem: unit,
    radical_idea: unit,
    manipulation: unit,
  }),
  rationales: z.object({
    novelty: rationale,
    builds_on_others: rationale,
    solves_subproblem: rationale,
    radical_idea: rationale,
    manipulation: rationale,
  }),
});

/** A ruling on an accusation; `proven` needs confidence of at least `proofThreshold`. */
export function verdictReplySchema(proofThreshold: number) {
  return z
    .object({
      verdict: z.enum(VERDICTS),
      confidence: unit.describe('confidence that the accused did what the accusation says'),
      reasoning: z.string().trim().min(1, 'give public reasoning'),
    })
    .superRefine((v, ctx) => {
      if (v.verdict === 'proven' && v.confidence < proofThreshold) {
        ctx.addIssue({
          code: 'custom',
          path: ['confidence'],
          message: `a proven verdict needs confidence of at least ${proofThreshold} (beyond reasonable doubt); with less, rule insufficient_evidence`,
        });
      }
    });
}

/** Whether the problem is solved, and why. */
export const SolvedReplySchema = z.object({
  solved: z.boolean(),
  reasoning: z.string().trim().min(1, 'give reasoning'),
});

/** A bid for the floor under the `bidding` policy. */
export function BidReplySchema(maxReasonChars: number) {
  return z.object({
    urgency: unit.describe('how urgently you want to speak next, 0 to 1'),
    reason: z
      .string()
      .trim()
      .min(1, 'give a one-line reason')
      .max(maxReasonChars, `keep the reason under ${maxReasonChars} characters`),
  });
}
