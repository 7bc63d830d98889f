import type { ModelClient } from '../llm/types';
import type { Summariser } from '../officials';
import { SUMMARY_MAX_CHARS, summariserSystemPrompt, summaryPrompt } from '../prompts/summary';
import { askRole } from './ask-role';
import { paramsFor, type RoleOptions } from './role-options';
import { textReplySchema } from './schemas';

/**
 * Writes the rolling summary on a language model: the previous summary with the new messages
 * folded in, at most {@link SUMMARY_MAX_CHARS} characters.
 *
 * @example
 * const { value } = await createLlmSummariser(client).summarise({ state, previous, messageIds, rng });
 */
export function createLlmSummariser(client: ModelClient, options: RoleOptions = {}): Summariser {
  const params = paramsFor('summariser', options);
  return {
    summarise: (ctx) =>
      askRole(client, params, options, {
        system: summariserSystemPrompt(),
        prompt: summaryPrompt(ctx, ctx.state.spec.context.promptTokens),
        schema: textReplySchema(SUMMARY_MAX_CHARS),
        name: 'summary',
        description: 'The updated summary of the conversation.',
        meta: { playerId: null, role: 'summariser', purpose: 'summarise' },
      }),
  };
}
