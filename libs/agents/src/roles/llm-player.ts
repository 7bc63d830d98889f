import { playerView } from '@arena/models';
import type { ModelClient } from '../llm/types';
import type { PlayerAgent, TurnContext } from '../player-agent';
import {
  BID_REASON_MAX_CHARS,
  bidPrompt,
  defencePrompt,
  finalWordsPrompt,
  playerSystemPrompt,
  playerTurnPrompt,
} from '../prompts/player';
import { askRole, type RoleQuestion } from './ask-role';
import { paramsFor, type RoleOptions } from './role-options';
import { BidReplySchema, playerActionSchemaFor, textReplySchema } from './schemas';

/** Longest defence statement a player may give. */
export const DEFENCE_MAX_CHARS = 2000;
/** Longest final words a player may give. */
export const FINAL_WORDS_MAX_CHARS = 1500;

type PlayerQuestion<T> = Omit<RoleQuestion<T>, 'system' | 'meta'>;

/**
 * A character played by a language model. Every answer is a validated JSON object, repaired a
 * bounded number of times; prompts carry the whole profile and a bounded view of the game
 * (never scores), sized by the game's `context` settings.
 *
 * @example
 * const player = createLlmPlayer(client);
 * const { value, calls } = await player.act({ state, playerId: 'P2', attempt: 1, feedback: [], rng });
 */
export function createLlmPlayer(client: ModelClient, options: RoleOptions = {}): PlayerAgent {
  const params = paramsFor('player', options);
  const ask = <T>(ctx: TurnContext, purpose: string, question: PlayerQuestion<T>) =>
    askRole(client, params, options, {
      ...question,
      system: playerSystemPrompt(playerView(ctx.state, ctx.playerId), ctx.playerId),
      meta: { playerId: ctx.playerId, role: 'player', purpose },
    });
  return {
    act: (ctx) => {
      const view = playerView(ctx.state, ctx.playerId);
      const turn = { attempt: ctx.attempt, feedback: ctx.feedback };
      return ask(ctx, 'act', {
        prompt: playerTurnPrompt(view, ctx.playerId, { ...view.spec.context, ...turn }),
        schema: playerActionSchemaFor(view, ctx.playerId),
        name: 'player_action',
        description: 'Your action this turn: a contribution, or an accusation with evidence.',
      });
    },
    defend: (ctx) => {
      const view = playerView(ctx.state, ctx.playerId);
      return ask(ctx, 'defend', {
        prompt: defencePrompt(view, ctx.playerId, ctx.accusation, view.spec.context),
        schema: textReplySchema(DEFENCE_MAX_CHARS),
        name: 'defence',
        description: 'Your one public defence statement against the accusation.',
      });
    },
    bid: (ctx) => {
      const view = playerView(ctx.state, ctx.playerId);
      return askRole(client, paramsFor('bidder', options), options, {
        system: playerSystemPrompt(view, ctx.playerId),
        meta: { playerId: ctx.playerId, role: 'policy', purpose: 'bid' },
        prompt: bidPrompt(view, ctx.playerId, view.spec.context),
        schema: BidReplySchema(BID_REASON_MAX_CHARS),
        name: 'bid',
        description: 'Your bid for the next turn: urgency from 0 to 1 and a one-line reason.',
      });
    },
    finalWords: (ctx) => {
      const view = playerView(ctx.state, ctx.playerId);
      return ask(ctx, 'final_words', {
        prompt: finalWordsPrompt(view, ctx.playerId, ctx.reasoning, view.spec.context),
        schema: textReplySchema(FINAL_WORDS_MAX_CHARS),
        name: 'final_words',
        description: 'Your last public statement after elimination.',
      });
    },
  };
}
