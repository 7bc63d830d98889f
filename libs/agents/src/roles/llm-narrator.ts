import type { ModelClient } from '../llm/types';
import type { Narrator } from '../narrator';
import { narratorPrompt, narratorSystemPrompt } from '../prompts/narrator';
import { askRole } from './ask-role';
import { paramsFor, type RoleOptions } from './role-options';
import { textReplySchema } from './schemas';

/** Longest narrator line. */
export const NARRATION_MAX_CHARS = 600;

/**
 * The narrator on a language model: one to three public sentences per trigger, never scores.
 *
 * @example
 * const { value } = await createLlmNarrator(client).narrate({ state, trigger: 'opening', rng });
 */
export function createLlmNarrator(client: ModelClient, options: RoleOptions = {}): Narrator {
  const params = paramsFor('narrator', options);
  return {
    narrate: (ctx) =>
      askRole(client, params, options, {
        system: narratorSystemPrompt(),
        prompt: narratorPrompt(ctx),
        schema: textReplySchema(NARRATION_MAX_CHARS),
        name: 'narration',
        description: 'One to three sentences of public commentary.',
        meta: { playerId: null, role: 'narrator', purpose: 'narrate' },
      }),
  };
}
