import type { ModelClient } from '../llm/types';
import type { Reply } from '../model-call';
import type { ModelJudge, VerdictContext, VerdictDecision } from '../officials';
import { judgeAliases } from '../prompts/anonymise';
import { judgeSystemPrompt, scorePrompt, solvedPrompt, verdictPrompt } from '../prompts/judge';
import { askRole, type RoleQuestion } from './ask-role';
import { paramsFor, type RoleOptions } from './role-options';
import { JudgeScoresReplySchema, SolvedReplySchema, verdictReplySchema } from './schemas';

const QUOTE_PREVIEW_CHARS = 80;

function preview(quote: string): string {
  const flat = quote.replace(/\s+/g, ' ').trim();
  return flat.length <= QUOTE_PREVIEW_CHARS
    ? flat
    : `${flat.slice(0, QUOTE_PREVIEW_CHARS - 1).trimEnd()}…`;
}

/** The ruling on fabricated evidence, which needs no model: the quotes are not in the record. */
function fabricatedEvidence(ctx: VerdictContext): Reply<VerdictDecision> {
  const missing = ctx.evidence.findings.filter((f) => !f.found);
  const detail =
    missing.length > 0
      ? missing.map((f) => `"${preview(f.quote)}" does not appear in ${f.messageId}`).join('; ')
      : 'its quotes do not appear in the cited messages';
  return {
    value: {
      verdict: 'false',
      confidence: 0,
      reasoning: `The evidence is fabricated: ${detail}. An accusation resting on quotes that are not in the record is false.`,
    },
    calls: [],
  };
}

/**
 * A judge on a language model (one panel member). Players appear to it only as per-game
 * aliases; contributions reach it as quoted data; its public texts come back with the aliases
 * turned into names. Fabricated evidence is ruled false without asking the model.
 *
 * @example
 * const judge = createLlmJudge(client);
 * const { value } = await judge.score({ state, contribution, rng });
 */
export function createLlmJudge(client: ModelClient, options: RoleOptions = {}): ModelJudge {
  const params = paramsFor('judge', options);
  const ask = <T>(purpose: string, question: Omit<RoleQuestion<T>, 'system' | 'meta'>) =>
    askRole(client, params, options, {
      ...question,
      system: judgeSystemPrompt(),
      meta: { playerId: null, role: 'judge', purpose },
    });
  return {
    spec: client.spec,
    score: async (ctx) => {
      const aliases = judgeAliases(ctx.state);
      const reply = await ask('score', {
        prompt: scorePrompt(ctx, aliases),
        schema: JudgeScoresReplySchema,
        name: 'contribution_scores',
        description: 'Scores from 0 to 1 and a short rationale for each of the five dimensions.',
      });
      const { scores, rationales } = reply.value;
      const revealed = Object.fromEntries(
        Object.entries(rationales).map(([d, text]) => [d, aliases.reveal(text)]),
      ) as typeof rationales;
      return { value: { scores, rationales: revealed }, calls: reply.calls };
    },
    rule: async (ctx) => {
      if (!ctx.evidence.valid) return fabricatedEvidence(ctx);
      const aliases = judgeAliases(ctx.state);
      const reply = await ask('verdict', {
        prompt: verdictPrompt(ctx, aliases),
        schema: verdictReplySchema(ctx.state.spec.rules.accusations.proofThreshold),
        name: 'verdict',
        description:
          'The ruling on the accusation, your confidence that the accused did it, and public reasoning.',
      });
      return {
        value: { ...reply.value, reasoning: aliases.reveal(reply.value.reasoning) },
        calls: reply.calls,
      };
    },
    checkSolved: async (ctx) => {
      const aliases = judgeAliases(ctx.state);
      const reply = await ask('check_solved', {
        prompt: solvedPrompt(ctx, aliases),
        schema: SolvedReplySchema,
        name: 'solved_check',
        description: 'Whether the problem is solved by the success criteria, and why.',
      });
      return {
        value: { ...reply.value, reasoning: aliases.reveal(reply.value.reasoning) },
        calls: reply.calls,
      };
    },
  };
}
