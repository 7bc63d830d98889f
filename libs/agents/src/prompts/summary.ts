import { messageById, type TranscriptMessage } from '@arena/models';
import type { SummaryContext } from '../officials';
import { playerLabel, quoteBlock, quoteMessage, quotedSection, QUOTED_DATA_NOTICE } from './quote';
import { estimateTokens } from './tokens';

/** Longest summary the summariser may write. */
export const SUMMARY_MAX_CHARS = 1600;

const SUMMARISER_SYSTEM_PROMPT = [
  'You keep the running summary of a public conversation in Arena, a survival game in which players discuss an open problem, accuse each other of cheating, and are eliminated. Players read your summary instead of the older messages, so it must be accurate and neutral.',
  'Record who proposed what (with message ids), which sub-problems advanced, accusations and their verdicts, eliminations and final words. Drop small talk and repetition. Never invent anything and never judge quality.',
  `Keep the whole summary under ${SUMMARY_MAX_CHARS} characters: compress older points as the game grows.`,
  QUOTED_DATA_NOTICE,
  'Always reply with exactly one JSON object: {"text": "<the updated summary>"}, and nothing else.',
].join('\n\n');

/** The summariser's system prompt: accurate, neutral, bounded. */
export function summariserSystemPrompt(): string {
  return SUMMARISER_SYSTEM_PROMPT;
}

/** Each new message gets an equal share of the budget, so a long message cannot crowd out others. */
function capped(message: TranscriptMessage, maxChars: number): TranscriptMessage {
  return message.text.length <= maxChars
    ? message
    : { ...message, text: `${message.text.slice(0, maxChars)} [… cut]` };
}

/**
 * The summariser's prompt: the previous summary and the new messages (quoted) to fold into it.
 * Each message is cut to its share of `promptTokens` when there are many.
 */
export function summaryPrompt(ctx: SummaryContext, promptTokens: number): string {
  const { state } = ctx;
  const messages = ctx.messageIds
    .map((id) => messageById(state, id))
    .filter((m): m is TranscriptMessage => m !== undefined);
  const spare =
    promptTokens - estimateTokens(SUMMARISER_SYSTEM_PROMPT) - estimateTokens(ctx.previous) - 200;
  const share = Math.max(200, Math.floor((spare * 4) / Math.max(1, messages.length)) - 80);
  const speaker = (id: string) =>
    playerLabel(id, state.players.find((p) => p.id === id)?.name ?? id);
  return [
    `Problem under discussion: ${state.spec.scenario.title}`,
    ctx.previous.trim() === ''
      ? 'There is no summary yet.'
      : `The summary so far (quoted data):\n${quotedSection([quoteBlock('[summary]', ctx.previous)])}`,
    `New messages to fold in (quoted data):\n${quotedSection(messages.map((m) => quoteMessage(capped(m, share), { speaker })))}`,
    'Write the updated summary: the summary so far with the new messages folded in.',
    'Reply with exactly one JSON object: {"text": "<the updated summary>"}',
  ].join('\n\n');
}
